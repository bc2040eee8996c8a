package io.sextant.edge.threshold;

import io.sextant.common.config.Keys;
import io.sextant.common.match.Matcher;
import io.sextant.common.model.Severity;
import io.sextant.edge.threshold.ThresholdRule.Direction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads thresholds from the plain maps a YAML reader gives, one map a threshold:
 *
 * <pre>
 * - name: lossy-links
 *   metric: probe_loss_ratio
 *   matchers: ['resource=~"path:edge-1>.*"']
 *   above:
 *     warning:  {raise: 0.02, clear: 0.01}
 *     major:    {raise: 0.05, clear: 0.04}
 *     critical: {raise: 0.20, clear: 0.15}
 * </pre>
 *
 * A level may be a bare number (raise and clear at once: no hysteresis). Every error names the
 * threshold and the field ({@code thresholds[0].above.severe: unknown severity 'severe'; ...});
 * unknown fields are refused. Holds no file handling: the caller names the file.
 */
public final class ThresholdRulesReader {
  private static final List<String> SEVERITIES = List.of("critical", "major", "minor", "warning");
  /** The fields of one threshold, documented (docs/configuration.md is rendered from them). */
  public static final Keys KEYS = Keys.of("detection.thresholds[]", "Static thresholds, beside the learned rules and "
      + "on top of the built-in ones (a threshold named as a built-in one replaces it). They need no learning: the "
      + "first point past a level fires (or the `for-points`-th in a row), with the level's severity.",
      Keys.key("name", "name", "the metric", "unique on the edge; detections and alarms say `threshold:NAME`"),
      Keys.key("metric", "metric name", "required", "the series' metric"),
      Keys.key("matchers", "list of matchers", "— (every series of the metric)", "Alertmanager's `name=value`, "
          + "`name!=value`, `name=~regex`, `name!~regex` on the series' labels (regexes anchored); all must match"),
      Keys.key("above", "section", "—", "levels that fire at or above their `raise` (below); one of `above`, `below`"),
      Keys.key("below", "section", "—", "levels that fire at or below their `raise`"),
      Keys.key("for-points", "whole number", "1", "points in a row (windows, for a source read once a window) "
          + "that must reach a level before the series enters it; leaving a level is not delayed"));
  /** The levels of one side. */
  public static final Keys LEVELS = Keys.of("detection.thresholds[].above | below", "One level per severity; a more "
      + "severe level lies further out. A bare number is a level without hysteresis (`major: 0.05`).",
      SEVERITIES.stream().map(s -> Keys.key(s, "number or section", "—", "the " + s + " level (below)"))
          .toArray(Keys.Key[]::new));
  /** One level. */
  public static final Keys LEVEL = Keys.of("detection.thresholds[].above.SEVERITY", "Hysteresis: a series enters "
      + "the level at `raise` and leaves it only once back past `clear`, so a value hovering at the threshold does "
      + "not flap.",
      Keys.key("raise", "number", "required", "the value at (or past) which the series enters the level"),
      Keys.key("clear", "number", "raise", "the value the series must get back past (strictly) to leave it: for "
          + "`above`, at or below `raise`"));
  private static final Set<String> FIELDS = KEYS.names();

  private ThresholdRulesReader() {}

  public static ThresholdRules read(List<? extends Map<String, ?>> thresholds) {
    if (thresholds == null) {
      throw new IllegalArgumentException("thresholds: must be a list of thresholds");
    }
    List<ThresholdRule> read = new ArrayList<>();
    for (int i = 0; i < thresholds.size(); i++) {
      String at = "thresholds[" + i + "]";
      try {
        read.add(rule(thresholds.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(at + "." + e.getMessage(), e);
      }
    }
    try {
      return ThresholdRules.of(read.toArray(ThresholdRule[]::new));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("thresholds: " + e.getMessage() + " (give them names)", e);
    }
  }

  private static ThresholdRule rule(Map<String, ?> map) {
    if (map == null) {
      throw new IllegalArgumentException("metric: the threshold is empty");
    }
    for (String key : map.keySet()) {
      if (!FIELDS.contains(key)) {
        throw new IllegalArgumentException(key + ": unknown field; known are " + FIELDS.stream().sorted().toList());
      }
    }
    if (!(map.get("metric") instanceof String metric) || metric.isBlank()) {
      throw new IllegalArgumentException("metric: required, a metric name");
    }
    String name = map.containsKey("name") ? String.valueOf(map.get("name")) : metric;
    if (map.containsKey("above") == map.containsKey("below")) {
      throw new IllegalArgumentException("above: give exactly one of above and below");
    }
    Direction direction = map.containsKey("above") ? Direction.ABOVE : Direction.BELOW;
    String side = direction == Direction.ABOVE ? "above" : "below";
    Object points = map.containsKey("for-points") ? map.get("for-points") : 1;
    if (!(points instanceof Integer n)) {
      throw new IllegalArgumentException("for-points: a whole number of points, got '" + points + "'");
    }
    return new ThresholdRule(name, metric, matchers(map.get("matchers")), direction, levels(map.get(side), side), n);
  }

  private static List<Matcher> matchers(Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new IllegalArgumentException("matchers: must be a list, e.g. ['peer=~\"edge-.*\"']");
    }
    List<Matcher> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      try {
        out.add(Matcher.parse(String.valueOf(list.get(i))));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("matchers[" + i + "]: " + e.getMessage(), e);
      }
    }
    return out;
  }

  private static List<Level> levels(Object value, String side) {
    if (!(value instanceof Map<?, ?> map) || map.isEmpty()) {
      throw new IllegalArgumentException(side + ": a mapping of severities to levels, e.g. {major: {raise: 0.05, "
          + "clear: 0.04}}");
    }
    List<Level> out = new ArrayList<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = String.valueOf(e.getKey());
      String at = side + "." + key;
      if (!SEVERITIES.contains(key.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(at + ": unknown severity '" + key + "'; one of "
            + String.join(", ", SEVERITIES));
      }
      Severity severity = Severity.valueOf(key.toUpperCase(Locale.ROOT));
      if (e.getValue() instanceof Number n) {
        out.add(Level.at(severity, n.doubleValue()));
        continue;
      }
      if (!(e.getValue() instanceof Map<?, ?> level)) {
        throw new IllegalArgumentException(at + ": a number, or {raise: ..., clear: ...}");
      }
      for (Object k : level.keySet()) {
        if (!LEVEL.names().contains(String.valueOf(k))) {
          throw new IllegalArgumentException(at + "." + k + ": unknown field; known are raise, clear");
        }
      }
      double raise = number(level, "raise", at, null);
      out.add(new Level(severity, raise, number(level, "clear", at, raise)));
    }
    return out;
  }

  private static double number(Map<?, ?> map, String field, String at, Double fallback) {
    Object v = map.get(field);
    if (v == null) {
      if (fallback == null) {
        throw new IllegalArgumentException(at + "." + field + ": required, a number");
      }
      return fallback;
    }
    if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
      throw new IllegalArgumentException(at + "." + field + ": must be a number, was " + v);
    }
    return n.doubleValue();
  }
}
