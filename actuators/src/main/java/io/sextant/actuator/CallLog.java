package io.sextant.actuator;

import io.sextant.common.model.Action;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionState;
import io.sextant.common.model.Ids;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * Writes every adapter call and callback, with its outcome, into the node's audit sink as a
 * {@link ActionState#CALL} event. The event's id is derived from the action and the call (its
 * operation and attempt), so a re-sent audit event is stored once.
 */
public final class CallLog {
  private final Clock clock;
  private final Consumer<ActionEvent> audit;

  public CallLog(Clock clock, Consumer<ActionEvent> audit) {
    this.clock = clock;
    this.audit = audit;
  }

  /** Discards everything: for tools that apply nothing (validation) and for tests that do not look. */
  public static CallLog discard(Clock clock) {
    return new CallLog(clock, e -> {});
  }

  /** @param call what was called, unique per action ({@code hook:sdn apply#2}, {@code callback apply}) */
  public void record(Action action, String call, String detail) {
    audit.accept(new ActionEvent(Ids.of("aev", action.id(), ActionState.CALL.name(), call), action.site(),
        clock.instant(), action, ActionState.CALL, call + ": " + detail));
  }
}
