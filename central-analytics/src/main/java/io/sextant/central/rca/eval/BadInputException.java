package io.sextant.central.rca.eval;

/** A file of the evaluation layout that cannot be used; the message names the file and the reason. */
public final class BadInputException extends Exception {
  public BadInputException(String message) {
    super(message);
  }

  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
