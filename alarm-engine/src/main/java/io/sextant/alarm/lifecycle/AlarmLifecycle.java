package io.sextant.alarm.lifecycle;

import io.sextant.common.model.Alarm;
import io.sextant.common.model.Alarm.AckState;
import io.sextant.common.model.Alarm.State;

/**
 * The alarm state machine. An alarm starts {@link State#RAISED} and unacknowledged; a repeat of
 * its fault moves it to {@link State#UPDATED}; {@link State#CLEARED} is terminal, so a fault that
 * comes back after a clear raises a new alarm with a new id (the NOC sees a new episode, and the
 * cleared alarm's history is never rewritten). Acknowledgement is orthogonal to the state.
 *
 * <p>Illegal moves throw {@link IllegalTransitionException} naming the alarm and the move. Stateless
 * and thread-safe.
 */
public final class AlarmLifecycle {

  /** What can happen to an alarm that exists. */
  public enum Operation {
    /** The fault was seen again (another detection or diagnosis for the same key). */
    REPEAT,
    /** The alarm was grouped under a root cause, or gained a correlated symptom. */
    CORRELATE,
    ACKNOWLEDGE,
    UNACKNOWLEDGE,
    CLEAR
  }

  /** Where a move leads. */
  public record Step(State state, AckState ackState) {}

  /** The state of a newly raised alarm. */
  public static final Step RAISED = new Step(State.RAISED, AckState.UNACKNOWLEDGED);

  private AlarmLifecycle() {}

  /** Every legal transition; anything else throws {@link IllegalTransitionException}. */
  public static Step next(Alarm alarm, Operation operation) {
    State state = alarm.state();
    AckState ack = alarm.ackState();
    if (state == State.CLEARED) {
      throw new IllegalTransitionException(
          "alarm " + alarm.id() + " is cleared, which is final: cannot " + verb(operation) + " it");
    }
    return switch (operation) {
      case REPEAT -> new Step(State.UPDATED, ack);
      // Grouping changes who notifies, not the fault's own lifecycle, so the state stays.
      case CORRELATE -> new Step(state, ack);
      case ACKNOWLEDGE -> {
        if (ack == AckState.ACKNOWLEDGED) {
          throw new IllegalTransitionException("alarm " + alarm.id() + " is already acknowledged");
        }
        yield new Step(state, AckState.ACKNOWLEDGED);
      }
      case UNACKNOWLEDGE -> {
        if (ack == AckState.UNACKNOWLEDGED) {
          throw new IllegalTransitionException("alarm " + alarm.id() + " is not acknowledged");
        }
        yield new Step(state, AckState.UNACKNOWLEDGED);
      }
      case CLEAR -> new Step(State.CLEARED, ack);
    };
  }

  private static String verb(Operation operation) {
    return switch (operation) {
      case REPEAT -> "update";
      case CORRELATE -> "correlate";
      case ACKNOWLEDGE -> "acknowledge";
      case UNACKNOWLEDGE -> "unacknowledge";
      case CLEAR -> "clear";
    };
  }
}
