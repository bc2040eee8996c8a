package io.sextant.actuator;

import io.sextant.common.action.ActionResult;
import io.sextant.common.model.Action;

/**
 * One way to change the infrastructure (a hook, Kubernetes, a command), as the dispatcher calls
 * it for a step. Implementations write each call into the audit ({@link CallLog}), bound every
 * call by a timeout, and say whether a failure is worth retrying. Thread-safe.
 */
public interface Adapter {
  /** Carries out {@code action}'s step {@code name} (the hook's, command's or operation's name). */
  ActionResult apply(Action action, String name);

  /** Undoes what {@link #apply} did for the same step. */
  ActionResult undo(Action action, String name);
}
