package io.sextant.central.liveness;

import java.time.Duration;
import java.util.Objects;

/**
 * When the centre's no-data watch alarms. Durations are on the centre's clock (a simulation sped
 * up 60 times needs them 60 times longer in simulated time to allow the same wall-clock jitter).
 *
 * @param after a served site heard nothing from for this long (not even its edge's heartbeat)
 * @param samplesAfter a site whose edge is heard but sends no sample for this long
 * @param behindAfter the centre's ingest or alarm pipeline is this far behind the clock
 * @param behindChecks consecutive checks (ticks) it must be behind for, so the burst of old windows
 *     an edge back-fills after a partition, ingested within a tick or two, is not taken for it
 * @param enabled false turns the watch off
 */
public record NoDataSettings(Duration after, Duration samplesAfter, Duration behindAfter, int behindChecks,
    boolean enabled) {
  public static final Duration DEFAULT_AFTER = Duration.ofMinutes(1);
  public static final Duration DEFAULT_BEHIND_AFTER = Duration.ofMinutes(2);
  public static final int DEFAULT_BEHIND_CHECKS = 3;

  public NoDataSettings {
    Objects.requireNonNull(after, "after");
    samplesAfter = samplesAfter == null ? after : samplesAfter;
    Objects.requireNonNull(behindAfter, "behindAfter");
    for (var d : new Duration[] {after, samplesAfter, behindAfter}) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("durations must be positive, got " + d);
      }
    }
    if (behindChecks < 1) {
      throw new IllegalArgumentException("behindChecks: at least 1, got " + behindChecks);
    }
  }

  public static NoDataSettings defaults() {
    return new NoDataSettings(DEFAULT_AFTER, null, DEFAULT_BEHIND_AFTER, DEFAULT_BEHIND_CHECKS, true);
  }

  public static NoDataSettings off() {
    return new NoDataSettings(DEFAULT_AFTER, null, DEFAULT_BEHIND_AFTER, DEFAULT_BEHIND_CHECKS, false);
  }
}
