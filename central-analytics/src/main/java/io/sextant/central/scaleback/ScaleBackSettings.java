package io.sextant.central.scaleback;

import java.time.Duration;

/**
 * Timers and thresholds of {@link ScaleBack}.
 *
 * @param hold how long the load must fit the original replica count, every window, before the
 *     service is scaled back (Kubernetes' HPA waits 5 minutes before it scales down)
 * @param tolerance how far above the original count's normal load a window may be and still count as
 *     "the load has gone": 0.2 lets a replica run up to 20 % above its learned utilization, the
 *     headroom the scale-out sized for, while a surge that caused a scale-out is well above that
 */
public record ScaleBackSettings(Duration hold, double tolerance) {
  public static final Duration DEFAULT_HOLD = Duration.ofMinutes(5);
  public static final double DEFAULT_TOLERANCE = 0.2;

  public ScaleBackSettings {
    if (hold == null || hold.isNegative()) {
      throw new IllegalArgumentException("scale-back hold must be >= 0, got " + hold);
    }
    if (!(tolerance >= 0 && tolerance < 10)) {
      throw new IllegalArgumentException("scale-back tolerance must be in [0,10), got " + tolerance);
    }
  }

  public static ScaleBackSettings defaults() {
    return new ScaleBackSettings(DEFAULT_HOLD, DEFAULT_TOLERANCE);
  }
}
