package io.sextant.alarm.service;

/** The configuration file is wrong; the message names the field and the reason. */
public final class ConfigException extends IllegalArgumentException {
  public ConfigException(String message) {
    super(message);
  }
}
