package io.sextant.common.model;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle of an automated action: proposed, approved (or rejected by the guard), applied
 * (or failed, or only planned in a dry run), then verified against the KPI that triggered it, or
 * rolled back (or, when that is impossible, left unverified for a person); a temporary action
 * (elastic bandwidth) is reverted after it served. {@link #CALL} is no state of the lifecycle: it
 * records one call to an adapter or one callback, and its outcome, while the action stays where it
 * is.
 */
public enum ActionState {
  PROPOSED,
  APPROVED,
  REJECTED,
  APPLIED,
  FAILED,
  /** Dry-run mode: planned, guarded and audited; nothing was applied. */
  DRY_RUN,
  VERIFIED,
  ROLLED_BACK,
  /** Verification failed and the action could not (or may not) be rolled back: a person must look. */
  UNVERIFIED,
  /** A verified temporary action undone after its runbook's {@code revertAfter} (the burst is over). */
  REVERTED,
  /** Audit only: one adapter call (a hook delivery, a Kubernetes request, a command) or callback, and its outcome. */
  CALL;

  /** All legal transitions, in one place. */
  public Set<ActionState> next() {
    return switch (this) {
      case PROPOSED -> EnumSet.of(APPROVED, REJECTED);
      case APPROVED -> EnumSet.of(APPLIED, FAILED, DRY_RUN);
      case APPLIED -> EnumSet.of(VERIFIED, ROLLED_BACK, UNVERIFIED);
      case VERIFIED -> EnumSet.of(REVERTED);
      case REJECTED, FAILED, DRY_RUN, ROLLED_BACK, UNVERIFIED, REVERTED, CALL -> EnumSet.noneOf(ActionState.class);
    };
  }

  public boolean canMoveTo(ActionState to) {
    return next().contains(to);
  }

  /** No transition follows; {@link #CALL} is not a lifecycle state and is never terminal. */
  public boolean terminal() {
    return this != CALL && next().isEmpty();
  }
}
