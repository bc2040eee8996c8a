package io.sextant.dashboards.grafana;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The browser's step: Grafana's template service replaces {@code $var}, {@code ${var}},
 * {@code ${var:format}} and {@code [[var]]} in the SQL, formatting values through the SQL data
 * source's {@code interpolateVariable} unless a format is named. A name that is neither a
 * variable nor a built-in ({@code $__timeFilter}, ...) is left for the backend.
 */
public final class TemplateVariables {
  /** Grafana's variableRegex. */
  public static final Pattern VARIABLE_PATTERN = Pattern.compile(
      "\\$(\\w+)|\\[\\[(\\w+?)(?::(\\w+))?\\]\\]|\\$\\{(\\w+)(?:\\.([^:^}]+))?(?::([^}]+))?\\}");
  /** The formats the dashboards may use: each is emulated here and so tested. */
  public static final List<String> FORMATS = List.of("sqlstring");

  private TemplateVariables() {}

  /**
   * @param selections the dashboard's variables by name
   * @param intervalMs the query's interval: {@code $__interval} and {@code $__interval_ms}
   */
  public static String interpolate(String sql, Map<String, Selection> selections, long intervalMs, TimeRange range) {
    Matcher m = VARIABLE_PATTERN.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = first(m.group(1), m.group(2), m.group(4));
      String format = first(m.group(3), m.group(6));
      if (m.group(5) != null) {
        throw new IllegalArgumentException("field paths (${" + name + "." + m.group(5) + "}) are not emulated");
      }
      String value = builtIn(name, intervalMs, range);
      if (value == null && selections.containsKey(name)) {
        value = format == null ? sqlValue(selections.get(name)) : formatted(selections.get(name), format);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Scoped and global built-ins; their values are plain text, so interpolateVariable leaves them as they are. */
  private static String builtIn(String name, long intervalMs, TimeRange range) {
    return switch (name) {
      case "__interval" -> Intervals.browserText(intervalMs);
      case "__interval_ms" -> Long.toString(intervalMs);
      case "__from" -> Long.toString(range.from().toEpochMilli());
      case "__to" -> Long.toString(range.to().toEpochMilli());
      default -> null;
    };
  }

  /** SqlDatasource.interpolateVariable: quoted literals for multi-value or include-All variables. */
  static String sqlValue(Selection s) {
    if (s.all() && s.variable().allValue() != null) {
      return s.variable().allValue();
    }
    boolean array = s.all() || s.variable().multi();
    if (!array) {
      String v = s.values().get(0);
      return s.variable().quoted() ? quoteLiteral(v) : v.replace("'", "''");
    }
    return s.values().stream().map(TemplateVariables::quoteLiteral).collect(Collectors.joining(","));
  }

  static String formatted(Selection s, String format) {
    if (s.all() && s.variable().allValue() != null) {
      return s.variable().allValue();
    }
    if (!"sqlstring".equals(format)) {
      throw new IllegalArgumentException("variable format '" + format + "' is not emulated; use one of " + FORMATS);
    }
    return s.values().stream().map(v -> "'" + v.replace("'", "''").replace("\"", "\\\"") + "'")
        .collect(Collectors.joining(","));
  }

  /** PostgresQueryModel.quoteLiteral. */
  static String quoteLiteral(String v) {
    return "'" + v.replace("'", "''") + "'";
  }

  private static String first(String... candidates) {
    for (String c : candidates) {
      if (c != null) {
        return c;
      }
    }
    return null;
  }
}
