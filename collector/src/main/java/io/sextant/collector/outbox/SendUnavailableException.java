package io.sextant.collector.outbox;

/**
 * Thrown by a {@link Sender} when the bus itself is unreachable (refused, timed out), as opposed
 * to one message failing: the drain then stops for this round instead of trying every other key
 * and waiting for a timeout on each. The entry stays, as with any failed send.
 */
public final class SendUnavailableException extends Exception {
  public SendUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
