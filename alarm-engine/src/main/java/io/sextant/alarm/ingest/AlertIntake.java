package io.sextant.alarm.ingest;

import io.sextant.alarm.AlarmEngine;
import io.sextant.alarm.compat.PostedAlerts;
import io.sextant.alarm.raise.AlarmSpec;
import io.sextant.common.model.Detection;
import io.sextant.common.model.EventType;
import io.sextant.common.model.Severity;
import io.sextant.common.store.StoreException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;

/**
 * Takes a posted Alertmanager v2 alert array into the engine.
 *
 * <p><b>Mapping.</b> The alarm key is (resource, probable cause): the probable cause is the
 * {@code alertname} label; the resource is the first of the {@link #RESOURCE_LABELS} present, or
 * else the alert's other labels in key order (so two alerts with different label sets stay two
 * alarms, as they are two alerts to Alertmanager). The full label set is the series: an alarm fed
 * by several series (one alert per device of an instance) clears when all have resolved. The
 * {@code severity} label gives the X.733 perceived severity; the {@code summary} annotation (else
 * {@code description}, else the alert name) the specific problem.
 *
 * <p><b>Firing or resolved.</b> As in Alertmanager, an alert whose {@code endsAt} is set and not
 * after the clock's now is resolved; otherwise it fires since {@code startsAt} (now if absent).
 * Prometheus resends a firing alert with the same {@code startsAt} every resend interval; those
 * resends make the same detection id, which the engine drops as a redelivery.
 *
 * <p>Thread-safe (the engine serialises its own state).
 */
public final class AlertIntake {
  /** Labels tried in order for the alarm's resource. */
  public static final List<String> RESOURCE_LABELS = List.of("resource", "instance", "node", "pod", "service", "job");
  /** Longest label or annotation value taken, in characters; Alertmanager has no limit, a NOC needs one. */
  public static final int MAX_VALUE_CHARS = 16 * 1024;
  public static final int MAX_LABELS = 128;
  /**
   * Largest request body the HTTP server reads (Micronaut's default, written out): a Prometheus
   * batch of 64 alerts is tens of KB; a larger body is refused with 413 before it is read.
   */
  public static final long MAX_BODY_BYTES = 10L * 1024 * 1024;
  /** The site of alerts that do not carry a {@code site} label. */
  public static final String DEFAULT_SITE = "external";

  static final String LABEL_NAME_PATTERN = "[a-zA-Z_][a-zA-Z0-9_]*";
  /** Go's zero time: what Alertmanager clients send for "not set". */
  private static final Instant GO_ZERO = Instant.parse("0001-01-01T00:00:00Z");

  private final AlarmEngine engine;
  private final Clock clock;
  private final AlertDecoder decoder = new AlertDecoder();
  private final IntakeCounters counters = new IntakeCounters();
  private final Map<String, Instant> lastTimes = new java.util.concurrent.ConcurrentHashMap<>();
  /**
   * The {@code endsAt} texts read lately, by their hash: Prometheus gives every alert of an
   * evaluation the same one (and each resolved alert its own), and concurrent POSTs carry
   * different evaluations. Entries are immutable; a race loses one, never mixes two.
   */
  private final LabelSet.Time[] recentEnds = new LabelSet.Time[16];
  private final PostedAlerts posted;
  private final IntakeDurability durability;

  /** Answers once the changes are committed ({@link IntakeDurability#COMMIT}). */
  public AlertIntake(AlarmEngine engine) {
    this(engine, engine.clock());
  }

  public AlertIntake(AlarmEngine engine, Clock clock) {
    this(engine, clock, IntakeDurability.COMMIT);
  }

  public AlertIntake(AlarmEngine engine, Clock clock, IntakeDurability durability) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.durability = Objects.requireNonNull(durability, "durability");
    this.posted = new PostedAlerts(clock);
  }

  public IntakeDurability durability() {
    return durability;
  }

  /** The accepted alerts as Alertmanager keeps them, for the v2 read API. */
  public PostedAlerts posted() {
    return posted;
  }

  /** The key ({@link io.sextant.common.model.Alarm#key()}) of the alarm an alert with these labels feeds. */
  public static String alarmKey(Map<String, String> labels) {
    return resourceOf(labels) + "|" + labels.get("alertname");
  }

  public IntakeCounters counters() {
    return counters;
  }

  /**
   * One of the decoder's caches of posted objects since start: hits, misses, evictions, objects
   * refused (too large, or over the byte budget), and what it holds. Misses and evictions that
   * keep pace with the alerts mean label sets that change at every evaluation (a timestamp or a
   * value in a label): each such alert is decoded in full.
   */
  public record CacheStats(long hits, long misses, long evictions, long refused, int entries, long bytes) {}

  /** The cache of posted {@code labels} objects. */
  public CacheStats labelCache() {
    return decoder.labelStats();
  }

  /** The cache of posted {@code annotations} objects. */
  public CacheStats annotationCache() {
    return decoder.annotationStats();
  }

  /** Counts a body the server refused unread for its size (reason {@code body_too_large}). */
  public void tooLarge() {
    counters.reject("body_too_large");
  }

  /**
   * Parses and takes one posted body; never throws for bad input. Returns once the alarm changes
   * it caused are stored ({@code commit}), or queued with nothing older than the bound waiting for
   * the store ({@code batched}, {@link IntakeDurability}); throws a retryable
   * {@link StoreException} when that does not hold within the commit timeout (the API answers 503;
   * a resend is safe).
   */
  public IntakeResult post(byte[] body) {
    List<PostedAlert> alerts;
    try {
      alerts = decoder.decode(body);
    } catch (AlertDecoder.BadBody e) {
      counters.reject(e.reason);
      return new IntakeResult(0, List.of(new Rejection(-1, e.reason, e.getMessage())));
    }
    List<Rejection> rejected = new ArrayList<>();
    List<Taken> taken = new ArrayList<>(alerts.size());
    Instant now = clock.instant();
    for (PostedAlert alert : alerts) {
      try {
        taken.add(take(alert, now));
      } catch (BadAlert e) {
        counters.reject(e.reason);
        rejected.add(new Rejection(alert.index(), e.reason, "alert " + alert.index() + ": " + e.getMessage()));
      }
    }
    try {
      // One hold of the engine's lock and one wait for the store for the whole body.
      // Most of a Prometheus batch is re-sent alerts the engine already has: skip building their series.
      boolean[] known = engine.taken(taken.stream().map(Taken::id).toList());
      List<AlarmEngine.External> series = new ArrayList<>(taken.size());
      for (int i = 0; i < known.length; i++) {
        if (!known[i]) {
          series.add(taken.get(i).series());
        }
      }
      if (durability.batched()) {
        engine.onExternal(series, durability.maxDelay());
      } else {
        engine.onExternal(series);
      }
    } catch (StoreException e) {
      // Taken but not stored in time: the sender is told to retry (503); the engine keeps them.
      remember(taken);
      counters.reject("store_unavailable");
      throw e;
    }
    remember(taken);
    counters.accepted(taken.size());
    return new IntakeResult(taken.size(), rejected);
  }

  private void remember(List<Taken> taken) {
    posted.putAll(taken);
  }

  /** A valid alert: its detection id, what the v2 read API shows of it, and how to make its series. */
  private record Taken(String id, PostedAlert alert, Instant startsAt, Instant endsAt, Instant at,
      Detection.State state) implements PostedAlerts.Post {
    @Override
    public SortedMap<String, String> labels() {
      return alert.labels().labels;
    }

    @Override
    public SortedMap<String, String> annotations() {
      return alert.annotations().annotations();
    }

    @Override
    public String generatorURL() {
      return alert.generatorURL();
    }

    @Override
    public String fingerprint() {
      return alert.labels().fingerprint;
    }

    @Override
    public String alarmKey() {
      return alert.labels().alarmKey;
    }

    @Override
    public PostedAlerts.SlotHolder holder() {
      return alert.labels();
    }

    /** The series for the engine (built only for an alert the engine has not taken yet). */
    AlarmEngine.External series() {
      LabelSet labels = alert.labels();
      String generator = alert.generatorURL();
      Detection detection = new Detection(id, labels.site, at, generator.isEmpty() ? "alertmanager-api" : generator,
          labels.alertname, labels.kept, labels.resource, state, Double.NaN, Double.NaN, Double.NaN);
      AlarmSpec spec = new AlarmSpec(EventType.QUALITY_OF_SERVICE_ALARM, labels.alertname, labels.severity,
          labels.alertname);
      return new AlarmEngine.External(detection, spec, alert.annotations().problem(labels.alertname));
    }
  }

  private Taken take(PostedAlert alert, Instant now) {
    PostedAlert.Errors errors = alert.errors();
    if (errors != null) {
      if (errors.object != null) {
        throw errors.object;
      }
      if (errors.labels != null) {
        throw errors.labels;
      }
    }
    LabelSet labels = alert.labels();
    if (labels.isEmpty()) {
      throw new BadAlert("missing_labels", "labels are required and must not be empty");
    }
    if (!labels.valid()) {
      throw new BadAlert("missing_alertname", "labels.alertname is required and must not be blank");
    }
    if (errors != null) {
      for (BadAlert e : new BadAlert[] {errors.annotations, errors.startsAt, errors.endsAt}) {
        if (e != null) {
          throw e;
        }
      }
    }
    Instant startsAt = startOf(labels, alert.startsAt());
    Instant endsAt = endOf(alert.endsAt());
    if (startsAt != null && endsAt != null && endsAt.isBefore(startsAt)) {
      throw new BadAlert("invalid_time", "endsAt " + endsAt + " is before startsAt " + startsAt);
    }
    if (errors != null && errors.generatorURL != null) {
      throw errors.generatorURL;
    }
    boolean resolved = endsAt != null && !endsAt.isAfter(now);
    Instant at = resolved ? endsAt : startsAt != null ? startsAt : now;
    Detection.State state = resolved ? Detection.State.RESOLVED : Detection.State.FIRING;
    return new Taken(labels.detectionId(state, at.toEpochMilli()), alert, startsAt, endsAt, at, state);
  }

  static String resourceOf(Map<String, String> labels) {
    for (String name : RESOURCE_LABELS) {
      String value = labels.get(name);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    StringBuilder rest = new StringBuilder("labels:");
    labels.forEach((k, v) -> {
      if (!k.equals("alertname") && !k.equals("severity")) {
        rest.append(k).append('=').append(v).append(',');
      }
    });
    return rest.length() == "labels:".length() ? "alert:" + labels.get("alertname") : rest.substring(0, rest.length() - 1);
  }

  /** Prometheus convention names; anything else is INDETERMINATE rather than a guess. */
  static Severity severityOf(String label) {
    if (label == null) {
      return Severity.INDETERMINATE;
    }
    return switch (label.toLowerCase(Locale.ROOT)) {
      case "critical", "page", "emergency", "alert" -> Severity.CRITICAL;
      case "major", "error", "high" -> Severity.MAJOR;
      case "minor", "medium" -> Severity.MINOR;
      case "warning", "warn", "low" -> Severity.WARNING;
      default -> Severity.INDETERMINATE;
    };
  }

  /** Same as matching {@link #LABEL_NAME_PATTERN}, without a regex on the hot path. */
  static boolean isLabelName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * The alert's {@code startsAt}, read once for its series: the decoder hands a resend the same
   * string as the last alert of its label set, so an identical reference is the same time.
   */
  private Instant startOf(LabelSet labels, String value) {
    LabelSet.Time last = labels.start;
    if (last != null && last.text() == value) {
      return last.at();
    }
    Instant at = time(value, "startsAt");
    labels.start = new LabelSet.Time(value, at);
    return at;
  }

  private Instant endOf(String value) {
    // The decoder hands equal texts as one String (its text cache), whose hash is then kept.
    int slot = value.hashCode() & (recentEnds.length - 1);
    LabelSet.Time recent = recentEnds[slot];
    if (recent != null && recent.text().equals(value)) {
      return recent.at();
    }
    Instant at = time(value, "endsAt");
    recentEnds[slot] = new LabelSet.Time(value, at);
    return at;
  }

  private Instant time(String value, String field) {
    if (value.isEmpty()) {
      return null;
    }
    Instant fast = Rfc3339.fast(value);
    if (fast != null) {
      return fast.equals(GO_ZERO) ? null : fast;
    }
    // Other spellings: a batch from one sender mostly repeats the same few timestamps.
    Instant cached = lastTimes.get(value);
    if (cached != null) {
      return cached.equals(GO_ZERO) ? null : cached;
    }
    try {
      Instant t = OffsetDateTime.parse(value).toInstant();
      if (lastTimes.size() > 64) {
        lastTimes.clear();
      }
      lastTimes.put(value, t);
      return t.equals(GO_ZERO) ? null : t;
    } catch (DateTimeParseException e) {
      throw new BadAlert("invalid_time", field + " '" + abbreviate(value) + "' is not an RFC 3339 time");
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
