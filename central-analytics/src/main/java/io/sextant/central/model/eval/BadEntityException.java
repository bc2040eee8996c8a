package io.sextant.central.model.eval;

/** An entity whose files cannot be evaluated; the message names the file and the reason. */
public final class BadEntityException extends Exception {
  private final String entity;

  public BadEntityException(String entity, String reason) {
    super(entity + ": " + reason);
    this.entity = entity;
  }

  public String entity() {
    return entity;
  }
}
