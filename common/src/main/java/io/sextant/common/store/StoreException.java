package io.sextant.common.store;

/** The store could not do what was asked; {@code retryable} when it may work later (e.g. down). */
public class StoreException extends RuntimeException {
  private final boolean retryable;

  public StoreException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
