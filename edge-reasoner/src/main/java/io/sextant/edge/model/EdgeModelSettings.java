package io.sextant.edge.model;

/**
 * How the edge runs pushed models.
 *
 * @param fireAfter consecutive anomalous windows before a resource's detection fires
 * @param clearAfter consecutive normal windows before it resolves
 * @param probationWindows windows a new model runs beside the previous one before it is judged
 * @param maxRateFactor the new model is rolled back when its anomaly rate over the probation exceeds
 *     this times the previous model's rate on the same windows ...
 * @param rateFloor ... where the previous rate counts as at least this (a quiet previous model must
 *     not make one extra anomalous vector a rollback)
 */
public record EdgeModelSettings(int fireAfter, int clearAfter, int probationWindows, double maxRateFactor,
    double rateFloor) {
  public static final int DEFAULT_FIRE_AFTER = 2;
  public static final int DEFAULT_CLEAR_AFTER = 3;
  /** Five minutes of 5 s windows. */
  public static final int DEFAULT_PROBATION_WINDOWS = 60;
  public static final double DEFAULT_MAX_RATE_FACTOR = 3;
  public static final double DEFAULT_RATE_FLOOR = 0.02;

  public EdgeModelSettings {
    if (fireAfter < 1 || clearAfter < 1 || probationWindows < 1) {
      throw new IllegalArgumentException("fireAfter, clearAfter and probationWindows must be >= 1");
    }
    if (!(maxRateFactor > 1) || !(rateFloor > 0 && rateFloor < 1)) {
      throw new IllegalArgumentException("maxRateFactor must be > 1 and rateFloor in (0, 1)");
    }
  }

  public static EdgeModelSettings defaults() {
    return new EdgeModelSettings(DEFAULT_FIRE_AFTER, DEFAULT_CLEAR_AFTER, DEFAULT_PROBATION_WINDOWS,
        DEFAULT_MAX_RATE_FACTOR, DEFAULT_RATE_FLOOR);
  }

  public EdgeModelSettings withProbationWindows(int n) {
    return new EdgeModelSettings(fireAfter, clearAfter, n, maxRateFactor, rateFloor);
  }
}
