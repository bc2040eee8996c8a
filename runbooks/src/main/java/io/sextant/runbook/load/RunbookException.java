package io.sextant.runbook.load;

/** A runbook that cannot be used; the message names the source, the field and the reason. */
public class RunbookException extends RuntimeException {
  public RunbookException(String message) {
    super(message);
  }

  public RunbookException(String message, Throwable cause) {
    super(message, cause);
  }
}
