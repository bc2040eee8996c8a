package io.sextant.edge.detect;

import io.sextant.common.config.Keys;
import io.sextant.edge.detect.DetectorRule.Direction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads detector rules from the plain maps a YAML or JSON reader gives, one map a rule:
 *
 * <pre>
 * - metric: service_latency_ms
 *   detector: novelty          # auto (default) | baseline | seasonal | novelty
 *   direction: up              # up (default) | down | both
 *   minRelativeEffect: 0.2
 * </pre>
 *
 * Omitted fields take the detector's defaults: {@link DetectorRule#of} for baseline,
 * {@link DetectorRule#novelty} for novelty, and for seasonal and auto (the default) their NAB
 * warm-up (750 points), one point to fire and novelty's 60 quiet points to resolve. Every error names the rule and the field
 * ({@code rules[1].detector: unknown detector 'x'; one of ...}); an unknown field is refused rather
 * than ignored, since a misspelt threshold silently left at its default is worse than a refusal.
 * Holds no file handling: the caller owns the format and the file name.
 */
public final class DetectorRulesReader {
  /** The fields of one rule, documented (docs/configuration.md is rendered from them). */
  public static final Keys KEYS = Keys.of("detection.rules[]",
      "One rule per metric, on top of the built-in rules (a rule for a metric replaces its default).",
      Keys.key("metric", "metric name", "required", "the series' metric the rule is for"),
      Keys.key("detector", "auto, baseline, seasonal or novelty", "auto", "auto: seasonal or novelty per series, "
          + "chosen from what the series shows during its warm-up (a daily or weekly cycle: seasonal), the choice "
          + "and its reasons in each detection's evidence; EWMA baseline with effect-size rules; the seasonal "
          + "detector (daily and weekly profile); the novelty detector (docs/eval.md)"),
      Keys.key("direction", "up, down or both", "up", "which way of the baseline is anomalous"),
      Keys.key("minAbsoluteEffect", "number", "0", "the smallest departure from the baseline, in the metric's unit, "
          + "that may fire"),
      Keys.key("minRelativeEffect", "number", "0", "the smallest departure as a fraction of the baseline"),
      Keys.key("zThreshold", "number", String.valueOf(DetectorRule.DEFAULT_Z_THRESHOLD),
          "standard deviations from the baseline to count a point as anomalous (baseline detector)"),
      Keys.key("pointsToFire", "whole number", String.valueOf(DetectorRule.DEFAULT_POINTS_TO_FIRE),
          "consecutive anomalous points before the detection fires"),
      Keys.key("pointsToClear", "whole number", DetectorRule.DEFAULT_POINTS_TO_CLEAR + " (auto, novelty, seasonal: "
          + DetectorRule.NOVELTY_POINTS_TO_CLEAR + ")", "consecutive normal points before it resolves"),
      Keys.key("warmUpPoints", "whole number", DetectorRule.DEFAULT_WARM_UP_POINTS + " (auto, seasonal, novelty: "
          + DetectorRule.NOVELTY_WARM_UP_POINTS + ")", "points learned before the detector may fire: at a 10 s "
          + "interval 60 points are 10 minutes of silence after a first start, 750 about 2 hours (auto judges a "
          + "daily cycle only when its warm-up spans 1.75 days, e.g. 15,120 points at 10 s)"),
      Keys.key("sigmaFloor", "number", "0", "the smallest spread the baseline assumes, so a flat series does not fire "
          + "on noise"));
  private static final Set<String> FIELDS = KEYS.names();

  private DetectorRulesReader() {}

  public static DetectorRules read(List<? extends Map<String, ?>> rules) {
    if (rules == null) {
      throw new IllegalArgumentException("rules: must be a list of rules");
    }
    List<DetectorRule> read = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      String at = "rules[" + i + "]";
      try {
        read.add(rule(rules.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(at + "." + e.getMessage(), e);
      }
    }
    return DetectorRules.of(read.toArray(DetectorRule[]::new));
  }

  private static DetectorRule rule(Map<String, ?> map) {
    if (map == null) {
      throw new IllegalArgumentException("metric: the rule is empty");
    }
    for (String key : map.keySet()) {
      if (!FIELDS.contains(key)) {
        throw new IllegalArgumentException(key + ": unknown field; known are " + FIELDS.stream().sorted().toList());
      }
    }
    Object metric = map.get("metric");
    if (!(metric instanceof String name) || name.isBlank()) {
      throw new IllegalArgumentException("metric: required, a metric name");
    }
    DetectorKind kind = map.containsKey("detector") ? DetectorKind.named(text(map, "detector")) : DetectorKind.AUTO;
    Direction direction = map.containsKey("direction") ? direction(text(map, "direction")) : Direction.UP;
    double minAbsolute = number(map, "minAbsoluteEffect", 0);
    double minRelative = number(map, "minRelativeEffect", 0);
    DetectorRule base = switch (kind) {
      case BASELINE -> DetectorRule.of(name, direction, minAbsolute, minRelative);
      case NOVELTY -> DetectorRule.novelty(name, direction, minAbsolute, minRelative);
      // The seasonal detector's NAB warm-up, and the same quiet period as novelty.
      case SEASONAL, AUTO -> DetectorRule.of(name, direction, minAbsolute, minRelative).withDetector(kind)
          .withWarmUpPoints(SeasonalDetectorConfig.WARMUP_POINTS)
          .withPointsToClear(DetectorRule.NOVELTY_POINTS_TO_CLEAR);
    };
    return new DetectorRule(name, direction, minAbsolute, minRelative,
        number(map, "zThreshold", base.zThreshold()),
        integer(map, "pointsToFire", base.pointsToFire()),
        integer(map, "pointsToClear", base.pointsToClear()),
        integer(map, "warmUpPoints", base.warmUpPoints()),
        number(map, "sigmaFloor", base.sigmaFloor()),
        kind);
  }

  private static Direction direction(String value) {
    try {
      return Direction.valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("direction: unknown direction '" + value + "'; one of up, down, both");
    }
  }

  private static String text(Map<String, ?> map, String field) {
    if (!(map.get(field) instanceof String s)) {
      throw new IllegalArgumentException(field + ": must be text, was " + map.get(field));
    }
    return s;
  }

  private static double number(Map<String, ?> map, String field, double fallback) {
    Object value = map.get(field);
    if (value == null && !map.containsKey(field)) {
      return fallback;
    }
    if (!(value instanceof Number n)) {
      throw new IllegalArgumentException(field + ": must be a number, was " + value);
    }
    return n.doubleValue();
  }

  private static int integer(Map<String, ?> map, String field, int fallback) {
    Object value = map.get(field);
    if (value == null && !map.containsKey(field)) {
      return fallback;
    }
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() != ((Number) value).intValue()) {
      throw new IllegalArgumentException(field + ": must be a whole number, was " + value);
    }
    return ((Number) value).intValue();
  }
}
