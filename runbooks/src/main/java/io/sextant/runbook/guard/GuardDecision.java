package io.sextant.runbook.guard;

/** The guard's verdict and its reason, which goes into the audit log. */
public record GuardDecision(Verdict verdict, String reason) {
  public enum Verdict {
    ALLOW,
    REFUSE,
    AWAIT_APPROVAL
  }

  public static GuardDecision allow(String reason) {
    return new GuardDecision(Verdict.ALLOW, reason);
  }

  public static GuardDecision refuse(String reason) {
    return new GuardDecision(Verdict.REFUSE, reason);
  }

  public static GuardDecision awaitApproval(String reason) {
    return new GuardDecision(Verdict.AWAIT_APPROVAL, reason);
  }
}
