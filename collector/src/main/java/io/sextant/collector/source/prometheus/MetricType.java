package io.sextant.collector.source.prometheus;

import java.util.Locale;
import java.util.Optional;

/** A metric family's declared type ({@code # TYPE}); undeclared families are {@link #UNKNOWN}. */
public enum MetricType {
  COUNTER,
  GAUGE,
  HISTOGRAM,
  GAUGEHISTOGRAM,
  SUMMARY,
  INFO,
  STATESET,
  UNKNOWN;

  static Optional<MetricType> parse(String s) {
    String t = s.toLowerCase(Locale.ROOT);
    if (t.equals("untyped")) {
      return Optional.of(UNKNOWN);
    }
    for (MetricType m : values()) {
      if (m.name().toLowerCase(Locale.ROOT).equals(t)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}
