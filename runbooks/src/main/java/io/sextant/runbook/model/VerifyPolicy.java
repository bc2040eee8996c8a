package io.sextant.runbook.model;

import java.time.Duration;
import java.util.List;

/**
 * How an applied action is judged. It is recovered when no detector of the verify resources is
 * firing on {@code kpi} (every metric when empty) and each resource reported after the action (a
 * hook's answer or silence is never recovery), and it must stay so for {@code stableFor}, no later
 * than {@code within} after the action was applied; otherwise it is rolled back (when
 * {@code rollback} is set). A temporary action ({@code revertAfter}, e.g. a bandwidth burst) is
 * undone that long after it was verified. A revertive one ({@code waitToRestore}, e.g. traffic
 * moved off a flapping BGP session) is undone once its trigger's resource has had no firing
 * detector for {@code waitToRestore} after it was verified; a detection in that time starts the
 * wait again (G.8032's wait-to-restore).
 */
public record VerifyPolicy(List<String> kpi, Duration within, Duration stableFor, boolean rollback,
    Duration revertAfter, Duration waitToRestore) {
  public static final Duration DEFAULT_WITHIN = Duration.ofSeconds(45);
  public static final Duration DEFAULT_STABLE_FOR = Duration.ofSeconds(5);

  public VerifyPolicy {
    kpi = kpi == null ? List.of() : List.copyOf(kpi);
    if (within == null || stableFor == null || within.isNegative() || within.isZero() || stableFor.isNegative()
        || stableFor.compareTo(within) > 0) {
      throw new IllegalArgumentException("verify: need 0 <= stableFor <= within and within > 0");
    }
    if (revertAfter != null && (revertAfter.isNegative() || revertAfter.isZero())) {
      throw new IllegalArgumentException("verify: revertAfter must be positive");
    }
    if (waitToRestore != null && (waitToRestore.isNegative() || waitToRestore.isZero())) {
      throw new IllegalArgumentException("verify: waitToRestore must be positive");
    }
    if (waitToRestore != null && revertAfter != null) {
      throw new IllegalArgumentException("verify: revertAfter (a fixed time) or waitToRestore (after the trigger "
          + "cleared), not both");
    }
  }

  /** Not revertive. */
  public VerifyPolicy(List<String> kpi, Duration within, Duration stableFor, boolean rollback, Duration revertAfter) {
    this(kpi, within, stableFor, rollback, revertAfter, null);
  }

  /** Whether a verified action is undone again later ({@code revertAfter} or {@code waitToRestore}). */
  public boolean reverts() {
    return revertAfter != null || waitToRestore != null;
  }

  public VerifyPolicy(Duration within, Duration stableFor, boolean rollback) {
    this(List.of(), within, stableFor, rollback, null);
  }

  public static VerifyPolicy defaults() {
    return new VerifyPolicy(DEFAULT_WITHIN, DEFAULT_STABLE_FOR, true);
  }
}
