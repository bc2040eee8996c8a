package io.sextant.common.model;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle of an automated action: proposed, approved (or rejected by the guard), applied
 * (or failed), then verified against the KPI that triggered it, or rolled back (or, when that is
 * impossible, left unverified for a person).
 */
public enum ActionState {
  PROPOSED,
  APPROVED,
  REJECTED,
  APPLIED,
  FAILED,
  VERIFIED,
  ROLLED_BACK,
  /** Verification failed and the action could not (or may not) be rolled back: a person must look. */
  UNVERIFIED;

  /** All legal transitions, in one place. */
  public Set<ActionState> next() {
    return switch (this) {
      case PROPOSED -> EnumSet.of(APPROVED, REJECTED);
      case APPROVED -> EnumSet.of(APPLIED, FAILED);
      case APPLIED -> EnumSet.of(VERIFIED, ROLLED_BACK, UNVERIFIED);
      case REJECTED, FAILED, VERIFIED, ROLLED_BACK, UNVERIFIED -> EnumSet.noneOf(ActionState.class);
    };
  }

  public boolean canMoveTo(ActionState to) {
    return next().contains(to);
  }

  public boolean terminal() {
    return next().isEmpty();
  }
}
