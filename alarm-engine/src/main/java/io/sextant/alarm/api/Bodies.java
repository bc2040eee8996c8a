package io.sextant.alarm.api;

/**
 * Checks request bodies in their own field names, so a 400 tells the caller which JSON field to
 * fix rather than the name of an engine parameter.
 */
final class Bodies {
  private Bodies() {}

  static String required(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " is required and must not be blank");
    }
    return value;
  }
}
