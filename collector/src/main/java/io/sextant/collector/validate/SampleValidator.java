package io.sextant.collector.validate;

import io.sextant.common.model.Sample;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether one sample may leave the collector. Limits are named constants so operators
 * know them: they protect the centre from a misbehaving exporter (label explosions, clocks far
 * ahead) without dropping the good samples of the same scrape.
 */
public final class SampleValidator {
  public static final int MAX_LABELS = 64;
  public static final int MAX_LABEL_VALUE_LENGTH = 1024;
  public static final Duration MAX_FUTURE_SKEW = Duration.ofMinutes(5);
  /** Metric names: {@code [a-zA-Z_:][a-zA-Z0-9_:]*}; label names: the same without ':' (checked by hand, see {@link #name}). */
  static final boolean METRIC = true;
  static final boolean LABEL = false;

  private final Clock clock;

  public SampleValidator(Clock clock) {
    this.clock = clock;
  }

  /** Empty when valid, else the rejection reason. */
  public Optional<Rejection> check(Sample s) {
    if (!name(s.metric(), METRIC)) {
      return reject(Rejection.Reason.BAD_METRIC_NAME, s, "metric name '" + s.metric() + "' is not valid");
    }
    if (Double.isNaN(s.value()) || Double.isInfinite(s.value())) {
      return reject(Rejection.Reason.NOT_FINITE, s, "value " + s.value() + " is not a finite number");
    }
    if (s.labels().size() > MAX_LABELS) {
      return reject(Rejection.Reason.TOO_MANY_LABELS, s, s.labels().size() + " labels (max " + MAX_LABELS + ")");
    }
    for (Map.Entry<String, String> l : s.labels().entrySet()) {
      if (!name(l.getKey(), LABEL)) {
        return reject(Rejection.Reason.BAD_LABEL_NAME, s, "label name '" + l.getKey() + "' is not valid");
      }
      if (l.getValue().length() > MAX_LABEL_VALUE_LENGTH) {
        return reject(Rejection.Reason.LABEL_VALUE_TOO_LONG, s, "label '" + l.getKey() + "' has "
            + l.getValue().length() + " characters (max " + MAX_LABEL_VALUE_LENGTH + ")");
      }
    }
    if (s.time().isAfter(clock.instant().plus(MAX_FUTURE_SKEW))) {
      return reject(Rejection.Reason.FUTURE_TIMESTAMP, s, "time " + s.time() + " is more than " + MAX_FUTURE_SKEW
          + " ahead of the collector's clock");
    }
    return Optional.empty();
  }

  /**
   * Whether {@code n} is a metric name ({@code [a-zA-Z_:][a-zA-Z0-9_:]*}) or, with {@code metric}
   * false, a label name ({@code [a-zA-Z_][a-zA-Z0-9_]*}). By hand rather than with a regex: every
   * sample's name and labels are checked, and a {@code Matcher} each was the collector's largest
   * allocation (an edge at 10,000 series/s).
   */
  static boolean name(String n, boolean metric) {
    if (n.isEmpty()) {
      return false;
    }
    for (int i = 0; i < n.length(); i++) {
      char c = n.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (metric && c == ':')
          || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static Optional<Rejection> reject(Rejection.Reason reason, Sample s, String detail) {
    return Optional.of(new Rejection(reason, s.metric(), detail));
  }
}
