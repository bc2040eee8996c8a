package io.sextant.edge.detect;

import java.util.Objects;

/**
 * How one metric is watched. With the {@link DetectorKind#BASELINE baseline} detector a point is
 * anomalous when its deviation from the learned baseline, in the rule's direction, is both
 * statistically large ({@code z >= zThreshold}) and practically large (more than
 * {@code minAbsoluteEffect} and more than {@code minRelativeEffect} times the baseline level): a
 * significant but tiny shift on a quiet series is not worth a NOC's attention.
 *
 * <p>With a scored detector ({@link DetectorKind#NOVELTY novelty}, {@link DetectorKind#SEASONAL
 * seasonal}) the detector's own score decides instead of {@code zThreshold} and {@code sigmaFloor}
 * (see {@link ScoredDetector}): the series fires on a point scoring at least the detector's alert
 * score whose deviation from the detector's level is in the rule's direction and larger than the
 * effect minimums, and resolves after {@code pointsToClear} quiet points. Those detectors score
 * the start of an incident, not each of its points, so {@code pointsToFire} must be 1.
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
 * @param detector the detector that watches the metric's series
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
    double sigmaFloor,
    DetectorKind detector) {

  public static final double DEFAULT_Z_THRESHOLD = 5.0;
  public static final int DEFAULT_POINTS_TO_FIRE = 2;
  public static final int DEFAULT_POINTS_TO_CLEAR = 2;
  /** Five minutes at the 5 s scrape step: enough to see the noise, short after a restart. */
  public static final int DEFAULT_WARM_UP_POINTS = 60;
  /**
   * A novelty rule's warm-up: the NAB-measured one (750 points, ~1 hour at 5 s). The first half
   * learns the series' range, so a shorter warm-up makes ordinary noise look new.
   */
  public static final int NOVELTY_WARM_UP_POINTS = NoveltyDetector.Config.WARMUP_POINTS;
  /** A novelty rule resolves after this many quiet points (5 minutes at 5 s). */
  public static final int NOVELTY_POINTS_TO_CLEAR = 60;

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
    Objects.requireNonNull(detector, "detector");
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
    if (detector.scored() && pointsToFire != 1) {
      throw new IllegalArgumentException("pointsToFire: must be 1 with the " + detector.configName()
          + " detector, which scores the start of an incident, not each of its points; was " + pointsToFire);
    }
  }

  /** A baseline rule (the form before detectors were selectable). */
  public DetectorRule(String metric, Direction direction, double minAbsoluteEffect, double minRelativeEffect,
      double zThreshold, int pointsToFire, int pointsToClear, int warmUpPoints, double sigmaFloor) {
    this(metric, direction, minAbsoluteEffect, minRelativeEffect, zThreshold, pointsToFire, pointsToClear,
        warmUpPoints, sigmaFloor, DetectorKind.BASELINE);
  }

  /** A rule with the default z threshold, debounce, warm-up and no absolute sigma floor. */
  public static DetectorRule of(String metric, Direction direction, double minAbsoluteEffect,
      double minRelativeEffect) {
    return new DetectorRule(metric, direction, minAbsoluteEffect, minRelativeEffect, DEFAULT_Z_THRESHOLD,
        DEFAULT_POINTS_TO_FIRE, DEFAULT_POINTS_TO_CLEAR, DEFAULT_WARM_UP_POINTS, 0.0);
  }

  /**
   * A rule watched by the novelty detector, with its NAB warm-up, one point to fire and
   * {@value #NOVELTY_POINTS_TO_CLEAR} quiet points to resolve; effect minimums as given.
   */
  public static DetectorRule novelty(String metric, Direction direction, double minAbsoluteEffect,
      double minRelativeEffect) {
    return new DetectorRule(metric, direction, minAbsoluteEffect, minRelativeEffect, DEFAULT_Z_THRESHOLD, 1,
        NOVELTY_POINTS_TO_CLEAR, NOVELTY_WARM_UP_POINTS, 0.0, DetectorKind.NOVELTY);
  }

  public DetectorRule withWarmUpPoints(int points) {
    return new DetectorRule(metric, direction, minAbsoluteEffect, minRelativeEffect, zThreshold, pointsToFire,
        pointsToClear, points, sigmaFloor, detector);
  }

  public DetectorRule withPointsToClear(int points) {
    return new DetectorRule(metric, direction, minAbsoluteEffect, minRelativeEffect, zThreshold, pointsToFire,
        points, warmUpPoints, sigmaFloor, detector);
  }

  /**
   * The same rule watched by another detector. A scored detector needs {@code pointsToFire = 1}:
   * set it here rather than fail, since the baseline's debounce has no meaning for it.
   */
  public DetectorRule withDetector(DetectorKind kind) {
    return new DetectorRule(metric, direction, minAbsoluteEffect, minRelativeEffect, zThreshold,
        kind.scored() ? 1 : pointsToFire, pointsToClear, warmUpPoints, sigmaFloor, kind);
  }

  /** {@link #withDetector(DetectorKind)} by the name an operator writes; unknown names are refused. */
  public DetectorRule withDetector(String name) {
    return withDetector(DetectorKind.named(name));
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
