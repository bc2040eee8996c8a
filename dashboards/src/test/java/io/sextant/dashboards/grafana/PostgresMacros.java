package io.sextant.dashboards.grafana;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The backend's step, in the PostgreSQL data source: the global substitutions
 * ({@code $__interval_ms}, {@code $__interval}, {@code $__unixEpochFrom()}, {@code $__unixEpochTo()}),
 * then every {@code $__name(args)} macro. An unknown macro is an error, as in Grafana. Macro
 * arguments cannot contain parentheses: Grafana's pattern stops at the first {@code )}.
 */
public final class PostgresMacros {
  static final Pattern MACRO = Pattern.compile("\\$([_a-zA-Z0-9]+)\\(([^)]*)\\)");
  /** The macros this data source knows, for the lint rules. */
  public static final List<String> NAMES = List.of("__time", "__timeEpoch", "__timeFilter", "__timeFrom", "__timeTo",
      "__timeGroup", "__timeGroupAlias", "__unixEpochFilter", "__unixEpochNanoFilter", "__unixEpochNanoFrom",
      "__unixEpochNanoTo", "__unixEpochGroup", "__unixEpochGroupAlias", "__unixEpochFrom", "__unixEpochTo");

  private PostgresMacros() {}

  /** @param timescaledb the data source's {@code timescaledb} flag: {@code $__timeGroup} then uses time_bucket */
  public static String expand(String sql, TimeRange range, long intervalMs, boolean timescaledb) {
    String s = sql.replace("$__interval_ms", Long.toString(intervalMs))
        .replace("$__interval", Intervals.backendText(intervalMs))
        .replace("$__unixEpochFrom()", Long.toString(range.from().getEpochSecond()))
        .replace("$__unixEpochTo()", Long.toString(range.to().getEpochSecond()));
    Matcher m = MACRO.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      // Before Grafana 5.3, $__timeGroup(...) followed by a comma meant the aliased form.
      if (name.equals("__timeGroup") && s.indexOf(m.group()) >= 0) {
        int after = s.indexOf(m.group()) + m.group().length();
        if (after < s.length() && s.charAt(after) == ',') {
          name = "__timeGroupAlias";
        }
      }
      List<String> args = new ArrayList<>();
      for (String a : m.group(2).split(",", -1)) {
        args.add(a.strip());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(macro(name, args, range, timescaledb)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String macro(String name, List<String> args, TimeRange range, boolean timescaledb) {
    String from = TimeRange.rfc3339Nano(range.from());
    String to = TimeRange.rfc3339Nano(range.to());
    return switch (name) {
      case "__time" -> arg(name, args) + " AS \"time\"";
      case "__timeEpoch" -> "extract(epoch from " + arg(name, args) + ") as \"time\"";
      case "__timeFilter" -> arg(name, args) + " BETWEEN '" + from + "' AND '" + to + "'";
      case "__timeFrom" -> "'" + from + "'";
      case "__timeTo" -> "'" + to + "'";
      case "__timeGroup" -> timeGroup(name, args, timescaledb);
      case "__timeGroupAlias" -> timeGroup(name, args, timescaledb) + " AS \"time\"";
      case "__unixEpochFilter" -> arg(name, args) + " >= " + range.from().getEpochSecond() + " AND " + args.get(0)
          + " <= " + range.to().getEpochSecond();
      case "__unixEpochNanoFilter" -> arg(name, args) + " >= " + nanos(range.from()) + " AND " + args.get(0) + " <= "
          + nanos(range.to());
      case "__unixEpochNanoFrom" -> Long.toString(nanos(range.from()));
      case "__unixEpochNanoTo" -> Long.toString(nanos(range.to()));
      case "__unixEpochGroup" -> epochGroup(name, args);
      case "__unixEpochGroupAlias" -> epochGroup(name, args) + " AS \"time\"";
      default -> throw new IllegalArgumentException("unknown macro \"" + name + "\"");
    };
  }

  private static String timeGroup(String name, List<String> args, boolean timescaledb) {
    if (args.size() < 2) {
      throw new IllegalArgumentException("macro " + name + " needs time column and interval and optional fill value");
    }
    double seconds = interval(args.get(1)).toMillis() / 1000.0;
    if (timescaledb) {
      return String.format(Locale.ROOT, "time_bucket('%.3fs',%s)", seconds, args.get(0));
    }
    String s = Intervals.goFloat(seconds);
    return "floor(extract(epoch from " + args.get(0) + ")/" + s + ")*" + s;
  }

  private static String epochGroup(String name, List<String> args) {
    if (args.size() < 2) {
      throw new IllegalArgumentException("macro " + name + " needs time column and interval and optional fill value");
    }
    String s = Intervals.goFloat(interval(args.get(1)).toMillis() / 1000.0);
    return "floor((" + args.get(0) + ")/" + s + ")*" + s;
  }

  private static Duration interval(String text) {
    return Intervals.parse(text);
  }

  private static String arg(String name, List<String> args) {
    if (args.isEmpty() || args.get(0).isEmpty()) {
      throw new IllegalArgumentException("missing time column argument for macro " + name);
    }
    return args.get(0);
  }

  private static long nanos(java.time.Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
