package io.sextant.central.protect;

import java.time.Duration;

/**
 * Timers and thresholds of {@link LinkProtection}.
 *
 * @param waitToRestore how long a rerouted link must stay healthy, after its alarm cleared, before
 *     the original routing is restored (G.8031/G.8032's wait-to-restore); a bad window restarts it
 * @param clearWindows consecutive healthy protection-probe windows that clear the link's alarm
 *     (hysteresis: one clean window after a lossy one proves little)
 * @param probes protection probes per window from each end: low, the link carries no traffic
 * @param healthyLoss the highest loss ratio of a protection-probe window that counts as healthy
 */
public record ProtectionSettings(Duration waitToRestore, int clearWindows, int probes, double healthyLoss) {
  /** G.8032's default wait-to-restore. */
  public static final Duration DEFAULT_WAIT_TO_RESTORE = Duration.ofMinutes(5);
  /** Six windows: 30 s at the demo's 5 s window, a minute at a live centre's 10 s. */
  public static final int DEFAULT_CLEAR_WINDOWS = 6;
  /** A tenth of the mesh's 200 probes a window in the demo; the live mesh's default is 20. */
  public static final int DEFAULT_PROBES = 20;
  /**
   * 5 %: one lost probe of 20 is still healthy (a healthy link loses ~0.02 %, so a second loss in
   * one window is rare), while a faulty link (several % and up) fails nearly every window.
   */
  public static final double DEFAULT_HEALTHY_LOSS = 0.05;

  public ProtectionSettings {
    if (waitToRestore == null || waitToRestore.isNegative()) {
      throw new IllegalArgumentException("wait-to-restore must be >= 0, got " + waitToRestore);
    }
    if (clearWindows < 1) {
      throw new IllegalArgumentException("clear-windows must be >= 1, got " + clearWindows);
    }
    if (probes < 2) {
      throw new IllegalArgumentException("probes must be >= 2, got " + probes);
    }
    if (!(healthyLoss >= 0 && healthyLoss < 1)) {
      throw new IllegalArgumentException("healthy-loss must be in [0,1), got " + healthyLoss);
    }
  }

  public static ProtectionSettings defaults() {
    return new ProtectionSettings(DEFAULT_WAIT_TO_RESTORE, DEFAULT_CLEAR_WINDOWS, DEFAULT_PROBES, DEFAULT_HEALTHY_LOSS);
  }

  public ProtectionSettings withWaitToRestore(Duration wtr) {
    return new ProtectionSettings(wtr, clearWindows, probes, healthyLoss);
  }
}
