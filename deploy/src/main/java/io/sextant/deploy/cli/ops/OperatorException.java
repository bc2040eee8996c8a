package io.sextant.deploy.cli.ops;

/** A request that failed: printed as its message, exit status 1. */
public final class OperatorException extends RuntimeException {
  public OperatorException(String message) {
    super(message);
  }
}
