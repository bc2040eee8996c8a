package io.sextant.central.policy;

/** A policy file that cannot be used; the message names the file, the field and the reason. */
public final class PolicyFileException extends RuntimeException {
  public PolicyFileException(String message) {
    super(message);
  }

  public PolicyFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
