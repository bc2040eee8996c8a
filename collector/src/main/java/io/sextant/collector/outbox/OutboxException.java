package io.sextant.collector.outbox;

/** The outbox's store failed (disk full, file unreadable); the message says what was attempted. */
public class OutboxException extends RuntimeException {
  public OutboxException(String message, Throwable cause) {
    super(message, cause);
  }
}
