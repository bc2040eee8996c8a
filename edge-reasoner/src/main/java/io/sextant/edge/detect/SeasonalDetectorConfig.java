package io.sextant.edge.detect;

/**
 * Settings of a {@link SeasonalDetector}; the defaults are named constants and are the values used
 * for the published NAB figures (docs/benchmarks-nab.md).
 *
 * @param warmupPoints points learned before any score is given (NAB gives its detectors 15% of the
 *     series, at most 750 points, as a probationary period)
 * @param levelAlpha EWMA weight of the short-term level predictor
 * @param seasonAlpha EWMA weight of a daily / weekly profile bin, per visit of the bin
 * @param scaleAlpha EWMA weight of the mean absolute residual (the spread)
 * @param shortAlpha EWMA weight of the short-term mean surprise
 * @param holdPoints after an alert, points during which scores are capped below {@code alertScore}
 * @param alertScore the score from which a point is an alert (0.5: the most surprising point since the
 *     records last decayed)
 */
public record SeasonalDetectorConfig(int warmupPoints, double levelAlpha, double seasonAlpha, double scaleAlpha,
    double shortAlpha, int holdPoints, double alertScore) {
  public static final int WARMUP_POINTS = 750;
  public static final double LEVEL_ALPHA = 0.1;
  public static final double SEASON_ALPHA = 0.1;
  public static final double SCALE_ALPHA = 0.01;
  public static final double SHORT_ALPHA = 0.6;
  public static final int HOLD_POINTS = 10;
  public static final double ALERT_SCORE = 0.5;

  public SeasonalDetectorConfig {
    if (warmupPoints < 1 || holdPoints < 0) {
      throw new IllegalArgumentException("warmupPoints must be >= 1 and holdPoints >= 0");
    }
    for (double a : new double[] {levelAlpha, seasonAlpha, scaleAlpha, shortAlpha}) {
      if (!(a > 0 && a <= 1)) {
        throw new IllegalArgumentException("every alpha must be in (0, 1], got " + a);
      }
    }
    if (!(alertScore > 0 && alertScore <= 1)) {
      throw new IllegalArgumentException("alertScore must be in (0, 1], got " + alertScore);
    }
  }

  public static SeasonalDetectorConfig defaults() {
    return new SeasonalDetectorConfig(WARMUP_POINTS, LEVEL_ALPHA, SEASON_ALPHA, SCALE_ALPHA, SHORT_ALPHA,
        HOLD_POINTS, ALERT_SCORE);
  }

  public SeasonalDetectorConfig withWarmupPoints(int points) {
    return new SeasonalDetectorConfig(points, levelAlpha, seasonAlpha, scaleAlpha, shortAlpha,
        holdPoints, alertScore);
  }

  public SeasonalDetectorConfig withHoldPoints(int points) {
    return new SeasonalDetectorConfig(warmupPoints, levelAlpha, seasonAlpha, scaleAlpha, shortAlpha,
        points, alertScore);
  }
}
