package io.sextant.common.config;

/** A configuration file that cannot be used; the message names the file, the field and the reason. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
