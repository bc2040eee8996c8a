package io.sextant.dashboards.grafana;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Grafana's interval arithmetic: {@code $__interval} from a range, and interval strings both ways. */
public final class Intervals {
  private static final Pattern INTERVAL = Pattern.compile("(\\d+)(ms|s|m|h|d|w|M|y)");
  private static final long SECOND = 1000;
  private static final long MINUTE = 60 * SECOND;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;
  private static final long YEAR = 365 * DAY;

  /** Grafana's steps as (upper bound exclusive, interval) pairs in milliseconds (rangeutil.roundInterval). */
  private static final long[][] STEPS = {
      {10, 1}, {15, 10}, {35, 20}, {75, 50}, {150, 100}, {350, 200}, {750, 500}, {1500, SECOND},
      {3500, 2 * SECOND}, {7500, 5 * SECOND}, {12500, 10 * SECOND}, {17500, 15 * SECOND}, {25000, 20 * SECOND},
      {45000, 30 * SECOND}, {90000, MINUTE}, {210000, 2 * MINUTE}, {450000, 5 * MINUTE}, {750000, 10 * MINUTE},
      {1050000, 15 * MINUTE}, {1500000, 20 * MINUTE}, {2700000, 30 * MINUTE}, {5400000, HOUR}, {9000000, 2 * HOUR},
      {16200000, 3 * HOUR}, {32400000, 6 * HOUR}, {86400000, 12 * HOUR}, {604800000, DAY}, {1814400000, 7 * DAY},
      {3628800000L, 30 * DAY}};

  private Intervals() {}

  /**
   * {@code $__interval_ms} for a range drawn with {@code resolution} points (a panel's
   * maxDataPoints, or its width in pixels), never below {@code lowLimit} (the panel's min
   * interval, else the data source's timeInterval).
   */
  public static long intervalMs(TimeRange range, int resolution, Duration lowLimit) {
    long ms = round(range.span().toMillis() / (double) resolution);
    return Math.max(ms, lowLimit.toMillis());
  }

  static long round(double ms) {
    for (long[] step : STEPS) {
      if (ms < step[0]) {
        return step[1];
      }
    }
    return YEAR;
  }

  /** The browser's {@code $__interval} text (rangeutil.secondsToHms): the largest non-zero unit. */
  public static String browserText(long ms) {
    double s = ms / 1000.0;
    long[] parts = {
        (long) Math.floor(s / 31536000),
        (long) Math.floor((s % 31536000) / 86400),
        (long) Math.floor(((s % 31536000) % 86400) / 3600),
        (long) Math.floor((((s % 31536000) % 86400) % 3600) / 60),
        (long) Math.floor((((s % 31536000) % 86400) % 3600) % 60),
        (long) Math.floor(s * 1000)};
    String[] units = {"y", "d", "h", "m", "s", "ms"};
    for (int i = 0; i < parts.length; i++) {
      if (parts[i] > 0) {
        return parts[i] + units[i];
      }
    }
    return "less than a millisecond";
  }

  /** The backend's {@code $__interval} text (gtime.FormatInterval): the largest whole unit. */
  public static String backendText(long ms) {
    long[] units = {YEAR, DAY, HOUR, MINUTE, SECOND, 1};
    String[] names = {"y", "d", "h", "m", "s", "ms"};
    for (int i = 0; i < units.length; i++) {
      if (ms >= units[i]) {
        return ms / units[i] + names[i];
      }
    }
    return "1ms";
  }

  /** gtime.ParseInterval for a whole number and one unit ({@code 5m}, {@code '1h'}, {@code 7d}). */
  public static Duration parse(String text) {
    Matcher m = INTERVAL.matcher(text.replace("'", "").strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("error parsing interval " + text);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      case "w" -> Duration.ofDays(7 * n);
      // gtime: a month is a twelfth of 365.25 days, a year 365.25 days.
      case "M" -> Duration.ofMillis(Math.round(n * 365.25 * DAY / 12));
      default -> Duration.ofMillis(Math.round(n * 365.25 * DAY));
    };
  }

  /** Go's {@code %v} of a float64: shortest digits, exponent form from 1e6 (e.g. {@code 2.592e+06}). */
  static String goFloat(double v) {
    if (v == 0) {
      return "0";
    }
    BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
    String digits = d.unscaledValue().toString();
    int exp = digits.length() - d.scale() - 1;
    String sign = v < 0 ? "-" : "";
    if (exp < -4 || exp >= 6) {
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
    }
    return sign + d.toPlainString();
  }
}
