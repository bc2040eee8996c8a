package io.sextant.common.bus;

import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Command;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.Message;
import io.sextant.common.model.ModelRelease;
import io.sextant.common.model.SampleBatch;
import io.sextant.common.model.UploadPolicy;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The bus's routing table: each topic's name, the message type it carries, which way it flows
 * between sites and the centre, whether it is compacted, and the key of each message (the unit of
 * ordering). This is the one place keys and directions are written down: {@link MessageBus} takes
 * the key from here, and a distributed bus routes by the direction (a namespace per site: what a
 * site sends lies in its own namespace, which the centre reads; what the centre sends one site goes
 * into that site's namespace; the centre's own topics lie in its namespace).
 *
 * <p>A compacted topic keeps the latest message per key (site policies, model bundles):
 * {@link MessageBus} subscribes to it with {@link Bus#subscribeLatest}, so a (re)starting
 * subscriber gets the current state.
 */
public record Topic<T extends Message>(String name, Class<T> type, Direction direction, boolean compacted,
    Function<T, String> key) {

  /** Which way a topic's messages flow. */
  public enum Direction {
    /** Published by an edge into its own site's namespace; the centre reads every site's. */
    SITE_TO_CENTRE,
    /**
     * Published by the centre into the namespace of the site its key names (the key up to the
     * first {@code /}); read there by that site's edge.
     */
    CENTRE_TO_SITE,
    /** Published and read within the centre. */
    CENTRE
  }

  /** Samples from a site, one batch per window, keyed by site (which keeps per-series order). */
  public static final Topic<SampleBatch> SAMPLES =
      new Topic<>("samples", SampleBatch.class, Direction.SITE_TO_CENTRE, false, SampleBatch::site);
  /** Detector transitions, keyed by resource. */
  public static final Topic<Detection> DETECTIONS =
      new Topic<>("detections", Detection.class, Direction.SITE_TO_CENTRE, false, Detection::resource);
  /**
   * Action lifecycle steps, keyed by action id: an edge's local repairs from its namespace, the
   * centre's closed loop from the centre's (the centre reads its own namespace like a site's).
   */
  public static final Topic<ActionEvent> ACTION_EVENTS =
      new Topic<>("action-events", ActionEvent.class, Direction.SITE_TO_CENTRE, false, e -> e.action().id());
  /** Alarm changes from the alarm engine, keyed by alarm key. */
  public static final Topic<Alarm> ALARMS = new Topic<>("alarms", Alarm.class, Direction.CENTRE, false, Alarm::key);
  /** Located faults from central analytics, keyed by target. */
  public static final Topic<Diagnosis> DIAGNOSES =
      new Topic<>("diagnoses", Diagnosis.class, Direction.CENTRE, false, Diagnosis::target);
  /** What the centre asks a site's edge to do, keyed by that site (one order for all its commands). */
  public static final Topic<Command> COMMANDS =
      new Topic<>("commands", Command.class, Direction.CENTRE_TO_SITE, false, Command::site);
  /** Upload policies the centre sets per site, keyed by site (latest wins: compacted). */
  public static final Topic<UploadPolicy> POLICIES =
      new Topic<>("policies", UploadPolicy.class, Direction.CENTRE_TO_SITE, true, UploadPolicy::site);
  /** Signed model bundles released to sites, keyed by site/model (latest wins: compacted). */
  public static final Topic<ModelRelease> MODELS = new Topic<>("models", ModelRelease.class,
      Direction.CENTRE_TO_SITE, true, r -> r.site() + "/" + r.modelId());

  /** Every topic of Sextant's own. */
  public static final List<Topic<?>> ALL =
      List.of(SAMPLES, DETECTIONS, ACTION_EVENTS, ALARMS, DIAGNOSES, COMMANDS, POLICIES, MODELS);

  /** The compacted topics above, by name: the in-process bus keeps their latest message per key. */
  public static final Set<String> COMPACTED =
      ALL.stream().filter(Topic::compacted).map(Topic::name).collect(Collectors.toUnmodifiableSet());

  public Topic {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name: required");
    }
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(key, "key");
  }

  /** A topic of the centre's own, outside the table (tests, tools). */
  public Topic(String name, Class<T> type, Function<T, String> key) {
    this(name, type, Direction.CENTRE, false, key);
  }

  /** Sextant's topic of that name, if it is one. */
  public static Optional<Topic<?>> named(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** Sextant's topic carrying {@code type} (each type travels on one topic), if there is one. */
  @SuppressWarnings("unchecked")
  public static <M extends Message> Optional<Topic<M>> carrying(Class<M> type) {
    return ALL.stream().filter(t -> t.type() == type).map(t -> (Topic<M>) t).findFirst();
  }

  /** The key {@code message} is published under. */
  public String keyOf(T message) {
    String k = key.apply(message);
    if (k == null || k.isEmpty()) {
      throw new IllegalArgumentException(name + ": message " + message.id() + " has no key");
    }
    return k;
  }

  /**
   * The site a {@link Direction#CENTRE_TO_SITE} message is for, from its key: the key up to the
   * first {@code /} ({@code edge-1}, {@code edge-1/probe-loss}).
   */
  public static String siteOfKey(String topic, String key) {
    int slash = key == null ? -1 : key.indexOf('/');
    String site = slash < 0 ? key : key.substring(0, slash);
    if (site == null || site.isEmpty()) {
      throw new IllegalArgumentException(topic + ": the key must name a site, got '" + key + "'");
    }
    return site;
  }

  /** The same topic under another name (a test's own copy, say). */
  public Topic<T> withName(String otherName) {
    return new Topic<>(otherName, type, direction, compacted, key);
  }

  @Override
  public String toString() {
    return name;
  }
}
