package io.sextant.runbook.model;

import java.time.Duration;

/**
 * How an applied action is judged: the KPIs of the verify resources must be back to normal and
 * stay so for {@code stableFor}, no later than {@code within} after the action was applied;
 * otherwise the action is rolled back (when {@code rollback} is set).
 */
public record VerifyPolicy(Duration within, Duration stableFor, boolean rollback) {
  public static final Duration DEFAULT_WITHIN = Duration.ofSeconds(45);
  public static final Duration DEFAULT_STABLE_FOR = Duration.ofSeconds(5);

  public VerifyPolicy {
    if (within == null || stableFor == null || within.isNegative() || within.isZero() || stableFor.isNegative()
        || stableFor.compareTo(within) > 0) {
      throw new IllegalArgumentException("verify: need 0 <= stableFor <= within and within > 0");
    }
  }

  public static VerifyPolicy defaults() {
    return new VerifyPolicy(DEFAULT_WITHIN, DEFAULT_STABLE_FOR, true);
  }
}
