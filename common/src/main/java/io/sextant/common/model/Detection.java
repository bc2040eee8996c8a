package io.sextant.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A detector's verdict on one series changed: it started ({@link State#FIRING}) or stopped
 * ({@link State#RESOLVED}) being anomalous. Detectors emit transitions, not every point, so the
 * event stream stays small; {@code observed}, {@code expected} and {@code score} describe the point
 * that caused the transition.
 *
 * <p>{@code severity} is null for a detector that only says "anomalous" (the alarm catalog then
 * gives the severity); a static threshold with levels says which level the series is in, and a
 * FIRING detection of the same series with another severity moves its alarm to that level. It is
 * left out of the JSON when null, so detections of older edges keep their encoding.
 *
 * <p>{@code evidence} says in words why the detector judges the series as it does (an edge's
 * {@code auto} detector: which detector it chose and on what, e.g. "auto → seasonal: period 288
 * points (1 day), periodicity 0.83 ≥ 0.50; ..."); null when the detector has nothing to say, and then
 * left out of the JSON as {@code severity} is.
 */
public record Detection(
    String id,
    String site,
    Instant time,
    String detector,
    String metric,
    Map<String, String> labels,
    String resource,
    State state,
    double observed,
    double expected,
    double score,
    @JsonInclude(JsonInclude.Include.NON_NULL) Severity severity,
    @JsonInclude(JsonInclude.Include.NON_NULL) String evidence)
    implements Message {

  public enum State {
    FIRING,
    RESOLVED
  }

  public Detection {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(detector, "detector");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(state, "state");
    labels = Labels.copyOf(labels);
    if (severity == Severity.CLEARED) {
      throw new IllegalArgumentException("severity: CLEARED is a cleared alarm's, not a detection's");
    }
    if (id == null) {
      id = Ids.of("det", site, metric, Long.toHexString(Ids.seriesId(site, metric, labels)), state.name(),
          Long.toString(time.toEpochMilli()));
    }
  }

  /** A detection without evidence in words. */
  public Detection(String id, String site, Instant time, String detector, String metric, Map<String, String> labels,
      String resource, State state, double observed, double expected, double score, Severity severity) {
    this(id, site, time, detector, metric, labels, resource, state, observed, expected, score, severity, null);
  }

  /** A detection without a severity of its own (the catalog's applies). */
  public Detection(String id, String site, Instant time, String detector, String metric, Map<String, String> labels,
      String resource, State state, double observed, double expected, double score) {
    this(id, site, time, detector, metric, labels, resource, state, observed, expected, score, null);
  }

  public static Detection of(String site, Instant time, String detector, Sample sample, State state,
      double expected, double score) {
    return new Detection(null, site, time, detector, sample.metric(), sample.labels(), sample.resource(), state,
        sample.value(), expected, score);
  }

  /** This detection with {@code why} as its evidence (same id). */
  public Detection withEvidence(String why) {
    return new Detection(id, site, time, detector, metric, labels, resource, state, observed, expected, score,
        severity, why);
  }

  public long seriesId() {
    return Ids.seriesId(site, metric, labels);
  }
}
