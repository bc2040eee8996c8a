package io.sextant.dashboards.grafana;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** A dashboard's absolute time range, as Grafana's backend receives it. */
public record TimeRange(Instant from, Instant to) {
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
      .withZone(ZoneOffset.UTC);

  public TimeRange {
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("time range needs from < to, got " + from + " .. " + to);
    }
  }

  /** {@code now-<span>} to {@code now}. */
  public static TimeRange last(Duration span, Instant now) {
    return new TimeRange(now.minus(span), now);
  }

  public Duration span() {
    return Duration.between(from, to);
  }

  /** Go's RFC3339Nano in UTC: fraction without trailing zeros, none when whole seconds. */
  static String rfc3339Nano(Instant t) {
    String base = SECONDS.format(t);
    int nanos = t.getNano();
    if (nanos == 0) {
      return base + "Z";
    }
    String fraction = String.format("%09d", nanos).replaceAll("0+$", "");
    return base + "." + fraction + "Z";
  }
}
