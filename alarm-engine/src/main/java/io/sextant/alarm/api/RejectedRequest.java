package io.sextant.alarm.api;

/** A 400 with a counter reason more precise than "bad request", e.g. {@code invalid_matcher}. */
final class RejectedRequest extends IllegalArgumentException {
  final String reason;

  RejectedRequest(String reason, String message) {
    super(message);
    this.reason = reason;
  }
}
