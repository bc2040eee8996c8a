package io.sextant.collector.validate;

import io.sextant.common.model.Sample;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides whether one sample may leave the collector. Limits are named constants so operators
 * know them: they protect the centre from a misbehaving exporter (label explosions, clocks far
 * ahead) without dropping the good samples of the same scrape.
 */
public final class SampleValidator {
  public static final int MAX_LABELS = 64;
  public static final int MAX_LABEL_VALUE_LENGTH = 1024;
  public static final Duration MAX_FUTURE_SKEW = Duration.ofMinutes(5);
  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private final Clock clock;

  public SampleValidator(Clock clock) {
    this.clock = clock;
  }

  /** Empty when valid, else the rejection reason. */
  public Optional<Rejection> check(Sample s) {
    if (!METRIC_NAME.matcher(s.metric()).matches()) {
      return reject(Rejection.Reason.BAD_METRIC_NAME, s, "metric name '" + s.metric() + "' is not valid");
    }
    if (Double.isNaN(s.value()) || Double.isInfinite(s.value())) {
      return reject(Rejection.Reason.NOT_FINITE, s, "value " + s.value() + " is not a finite number");
    }
    if (s.labels().size() > MAX_LABELS) {
      return reject(Rejection.Reason.TOO_MANY_LABELS, s, s.labels().size() + " labels (max " + MAX_LABELS + ")");
    }
    for (Map.Entry<String, String> l : s.labels().entrySet()) {
      if (!LABEL_NAME.matcher(l.getKey()).matches()) {
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

  private static Optional<Rejection> reject(Rejection.Reason reason, Sample s, String detail) {
    return Optional.of(new Rejection(reason, s.metric(), detail));
  }
}
