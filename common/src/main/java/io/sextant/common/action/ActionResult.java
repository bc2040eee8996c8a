package io.sextant.common.action;

/** What an actuator did: success, or a failure that says whether retrying may help. */
public record ActionResult(boolean ok, boolean retryable, String detail) {
  public static ActionResult ok(String detail) {
    return new ActionResult(true, false, detail);
  }

  public static ActionResult failed(String detail, boolean retryable) {
    return new ActionResult(false, retryable, detail);
  }
}
