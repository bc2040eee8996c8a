package io.sextant.common.codec;

/** A message that cannot be encoded or decoded; the message names the type and the reason. */
public class CodecException extends RuntimeException {
  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
