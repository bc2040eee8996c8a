package io.sextant.edge.detect;

import java.util.Objects;

/**
 * How one metric is watched. A point is anomalous when its deviation from the learned baseline, in
 * the rule's direction, is both statistically large ({@code z >= zThreshold}) and practically
 * large (more than {@code minAbsoluteEffect} and more than {@code minRelativeEffect} times the
 * baseline level): a significant but tiny shift on a quiet series is not worth a NOC's attention.
 *
 * @param metric the metric name the rule applies to
 * @param direction which side of the baseline counts as a fault
 * @param minAbsoluteEffect the deviation must exceed this, in the metric's unit; 0 for no minimum
 * @param minRelativeEffect the deviation must exceed this fraction of the baseline level (0.5 = +50%); 0 for none
 * @param zThreshold deviations of at least this many learned sigmas are statistically anomalous
 * @param pointsToFire consecutive anomalous points before the series fires (debounces single spikes)
 * @param pointsToClear consecutive normal points before a firing series resolves (stops flapping)
 * @param warmUpPoints points learned before the detector may fire at all
 * @param sigmaFloor sigma never goes below this, in the metric's unit; 0 to rely on the relative floor only
 */
public record DetectorRule(
    String metric,
    Direction direction,
    double minAbsoluteEffect,
    double minRelativeEffect,
    double zThreshold,
    int pointsToFire,
    int pointsToClear,
    int warmUpPoints,
    double sigmaFloor) {

  public static final double DEFAULT_Z_THRESHOLD = 5.0;
  public static final int DEFAULT_POINTS_TO_FIRE = 2;
  public static final int DEFAULT_POINTS_TO_CLEAR = 2;
  /** Five minutes at the 5 s scrape step: enough to see the noise, short after a restart. */
  public static final int DEFAULT_WARM_UP_POINTS = 60;

  /** Which deviations are faults: a loss or CPU rise is, a drop is good news. */
  public enum Direction {
    UP,
    DOWN,
    BOTH;

    /** The deviation counted against the rule: positive means "towards a fault". */
    double toward(double deviation) {
      return switch (this) {
        case UP -> deviation;
        case DOWN -> -deviation;
        case BOTH -> Math.abs(deviation);
      };
    }
  }

  public DetectorRule {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(direction, "direction");
    if (metric.isBlank()) {
      throw new IllegalArgumentException("metric: must not be blank");
    }
    requireNonNegative("minAbsoluteEffect", minAbsoluteEffect);
    requireNonNegative("minRelativeEffect", minRelativeEffect);
    requireNonNegative("sigmaFloor", sigmaFloor);
    if (!(zThreshold > 0) || Double.isInfinite(zThreshold)) {
      throw new IllegalArgumentException("zThreshold: must be positive and finite, was " + zThreshold);
    }
    requirePositive("pointsToFire", pointsToFire);
    requirePositive("pointsToClear", pointsToClear);
    requirePositive("warmUpPoints", warmUpPoints);
  }

  /** A rule with the default z threshold, debounce, warm-up and no absolute sigma floor. */
  public static DetectorRule of(String metric, Direction direction, double minAbsoluteEffect,
      double minRelativeEffect) {
    return new DetectorRule(metric, direction, minAbsoluteEffect, minRelativeEffect, DEFAULT_Z_THRESHOLD,
        DEFAULT_POINTS_TO_FIRE, DEFAULT_POINTS_TO_CLEAR, DEFAULT_WARM_UP_POINTS, 0.0);
  }

  public DetectorRule withWarmUpPoints(int points) {
    return new DetectorRule(metric, direction, minAbsoluteEffect, minRelativeEffect, zThreshold, pointsToFire,
        pointsToClear, points, sigmaFloor);
  }

  /** The smallest deviation that matters at this baseline level (strictly greater is required). */
  double minEffect(double level) {
    return Math.max(minAbsoluteEffect, minRelativeEffect * Math.abs(level));
  }

  private static void requireNonNegative(String field, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(field + ": must be zero or positive and finite, was " + value);
    }
  }

  private static void requirePositive(String field, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(field + ": must be at least 1, was " + value);
    }
  }
}
