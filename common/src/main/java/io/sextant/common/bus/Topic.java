package io.sextant.common.bus;

import io.sextant.common.model.Action;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.Message;
import io.sextant.common.model.ModelRelease;
import io.sextant.common.model.SampleBatch;
import io.sextant.common.model.UploadPolicy;
import java.util.Objects;
import java.util.Set;

/**
 * A named topic and the message type it carries. A {@code compacted} topic keeps the latest
 * message per key (site policies, model bundles): {@link MessageBus} subscribes to it with
 * {@link Bus#subscribeLatest}, so a (re)starting subscriber gets the current state.
 */
public record Topic<T extends Message>(String name, Class<T> type, boolean compacted) {
  public Topic(String name, Class<T> type) {
    this(name, type, false);
  }

  /** Samples from every site, keyed by site (which keeps per-series order). */
  public static final Topic<SampleBatch> SAMPLES = new Topic<>("samples", SampleBatch.class);
  /** Detector transitions, keyed by resource. */
  public static final Topic<Detection> DETECTIONS = new Topic<>("detections", Detection.class);
  /** Alarm changes from the alarm engine, keyed by alarm key. */
  public static final Topic<Alarm> ALARMS = new Topic<>("alarms", Alarm.class);
  /** Located faults from central analytics, keyed by target. */
  public static final Topic<Diagnosis> DIAGNOSES = new Topic<>("diagnoses", Diagnosis.class);
  /** Action lifecycle steps from edges and centre, keyed by action id. */
  public static final Topic<ActionEvent> ACTION_EVENTS = new Topic<>("action-events", ActionEvent.class);
  /** Actions the centre asks an edge to carry out, keyed by target. */
  public static final Topic<Action> COMMANDS = new Topic<>("commands", Action.class);
  /** Upload policies the centre sets per site, keyed by site (latest wins: compacted). */
  public static final Topic<UploadPolicy> POLICIES = new Topic<>("policies", UploadPolicy.class, true);
  /** Signed model bundles released to sites, keyed by site/model (latest wins: compacted). */
  public static final Topic<ModelRelease> MODELS = new Topic<>("models", ModelRelease.class, true);

  /** The compacted topics above, by name: the in-process bus keeps their latest message per key. */
  public static final Set<String> COMPACTED = Set.of(POLICIES.name(), MODELS.name());

  public Topic {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name: required");
    }
    Objects.requireNonNull(type, "type");
  }

  /**
   * The same kind of topic under another name, e.g. a fully qualified Pulsar topic of another
   * site's namespace ({@code persistent://sextant/site-1/commands}) or a pattern across sites.
   */
  public Topic<T> withName(String otherName) {
    return new Topic<>(otherName, type, compacted);
  }
}
