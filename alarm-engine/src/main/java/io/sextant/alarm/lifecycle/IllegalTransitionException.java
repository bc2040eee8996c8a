package io.sextant.alarm.lifecycle;

/**
 * The lifecycle forbids this move (acknowledging an acknowledged alarm, anything on a cleared
 * one). A subclass of {@link IllegalStateException} of its own, so the API can answer 409 for it
 * without mistaking other state errors (a failing store) for an operator's conflict.
 */
public final class IllegalTransitionException extends IllegalStateException {
  public IllegalTransitionException(String message) {
    super(message);
  }
}
