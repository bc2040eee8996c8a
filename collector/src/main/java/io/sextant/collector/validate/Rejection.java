package io.sextant.collector.validate;

/** Why a sample was not accepted; {@code reason} is the counter's label. */
public record Rejection(Reason reason, String metric, String detail) {
  public enum Reason {
    BAD_METRIC_NAME,
    BAD_LABEL_NAME,
    NOT_FINITE,
    TOO_MANY_LABELS,
    LABEL_VALUE_TOO_LONG,
    FUTURE_TIMESTAMP,
    SOURCE_FAILED
  }
}
