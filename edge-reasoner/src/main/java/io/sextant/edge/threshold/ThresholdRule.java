package io.sextant.edge.threshold;

import io.sextant.common.match.Matcher;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A static threshold on the series of one metric whose labels match every matcher (Alertmanager's
 * {@code name=value}, {@code name=~regex} ...; none: every series of the metric), with one or more
 * severity levels. Needs no learning, so it alarms on the first point: the rule for what must
 * always alarm (a target down, a path losing every packet) and for what a learned baseline would
 * learn as normal (an always-lossy link).
 *
 * <p>Levels with hysteresis: a series is in the most severe level it has reached ({@code raise})
 * among those above its current one, or in the most severe level at or below its current one it
 * has not left ({@code clear}); see {@link #levelOf}.
 *
 * @param name unique on the edge; the detections' detector is {@code threshold:<name>}
 * @param levels ordered least severe first; each more severe level's {@code raise} lies further
 *     in the rule's direction
 * @param points how many points in a row must reach a level before the series enters it (1: the
 *     first); leaving a level is not delayed
 */
public record ThresholdRule(String name, String metric, List<Matcher> matchers, Direction direction,
    List<Level> levels, int points) {

  /** Which side of the thresholds is bad. */
  public enum Direction {
    /** Bad at or above {@code raise}; cleared below {@code clear}. */
    ABOVE,
    /** Bad at or below {@code raise}; cleared above {@code clear}. */
    BELOW;

    /** {@code value} is at or past {@code bound} on the bad side. */
    boolean reaches(double value, double bound) {
      return this == ABOVE ? value >= bound : value <= bound;
    }
  }

  /** Fires on the first point past a level. */
  public ThresholdRule(String name, String metric, List<Matcher> matchers, Direction direction, List<Level> levels) {
    this(name, metric, matchers, direction, levels, 1);
  }

  public ThresholdRule {
    Objects.requireNonNull(direction, "direction");
    if (points < 1) {
      throw new IllegalArgumentException("for-points: at least 1, got " + points);
    }
    if (name == null || !name.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("name: letters, digits, '.', '_' or '-', got '" + name + "'");
    }
    if (metric == null || metric.isBlank()) {
      throw new IllegalArgumentException("metric: required");
    }
    matchers = List.copyOf(matchers);
    if (levels == null || levels.isEmpty()) {
      throw new IllegalArgumentException((direction == Direction.ABOVE ? "above" : "below")
          + ": at least one level (critical, major, minor, warning)");
    }
    levels = levels.stream().sorted(Comparator.comparing(Level::severity).reversed()).toList();
    check(direction, levels);
  }

  private static void check(Direction direction, List<Level> levels) {
    String side = direction == Direction.ABOVE ? "above" : "below";
    for (int i = 0; i < levels.size(); i++) {
      Level l = levels.get(i);
      String at = side + "." + l.severity().name().toLowerCase(java.util.Locale.ROOT);
      if (direction.reaches(l.clear(), l.raise()) && l.clear() != l.raise()) {
        throw new IllegalArgumentException(at + ".clear: must be " + (direction == Direction.ABOVE ? "at or below" : "at "
            + "or above") + " raise (" + l.raise() + ") so the level is left on the good side, got " + l.clear());
      }
      if (i > 0 && (levels.get(i - 1).severity() == l.severity()
          || !direction.reaches(l.raise(), levels.get(i - 1).raise()) || l.raise() == levels.get(i - 1).raise())) {
        throw new IllegalArgumentException(at + ".raise: a more severe level must be reached further "
            + side + " than a less severe one (" + levels.get(i - 1).severity().name().toLowerCase(java.util.Locale.ROOT)
            + " at " + levels.get(i - 1).raise() + "), got " + l.raise());
      }
    }
  }

  /** Whether the rule watches a series of this metric with these labels. */
  public boolean applies(String seriesMetric, Map<String, String> labels) {
    return metric.equals(seriesMetric) && Matcher.all(matchers, labels);
  }

  /**
   * The level a series at {@code current} (an index into {@link #levels}, -1 for none) is in after
   * {@code value}: the most severe level reached, or held since it has not been cleared.
   */
  int levelOf(int current, double value) {
    for (int i = levels.size() - 1; i >= 0; i--) {
      Level l = levels.get(i);
      boolean reached = direction.reaches(value, l.raise());
      boolean held = i <= current && !cleared(value, l.clear());
      if (reached || held) {
        return i;
      }
    }
    return -1;
  }

  /** Back on the good side of {@code clear}: strictly below it for ABOVE, strictly above for BELOW. */
  private boolean cleared(double value, double clear) {
    return direction == Direction.ABOVE ? value < clear : value > clear;
  }
}
