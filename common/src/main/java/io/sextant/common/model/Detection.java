package io.sextant.common.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A detector's verdict on one series changed: it started ({@link State#FIRING}) or stopped
 * ({@link State#RESOLVED}) being anomalous. Detectors emit transitions, not every point, so the
 * event stream stays small; {@code observed}, {@code expected} and {@code score} describe the point
 * that caused the transition.
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
    double score)
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
    if (id == null) {
      id = Ids.of("det", site, metric, Long.toHexString(Ids.seriesId(site, metric, labels)), state.name(),
          Long.toString(time.toEpochMilli()));
    }
  }

  public static Detection of(String site, Instant time, String detector, Sample sample, State state,
      double expected, double score) {
    return new Detection(null, site, time, detector, sample.metric(), sample.labels(), sample.resource(), state,
        sample.value(), expected, score);
  }

  public long seriesId() {
    return Ids.seriesId(site, metric, labels);
  }
}
