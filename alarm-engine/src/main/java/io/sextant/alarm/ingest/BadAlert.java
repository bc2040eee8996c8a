package io.sextant.alarm.ingest;

/** One alert's rejection while decoding or validating; never escapes {@link AlertIntake#post}. */
final class BadAlert extends RuntimeException {
  final String reason;

  BadAlert(String reason, String message) {
    // No stack trace: this is control flow for bad input, which may arrive by the thousand.
    super(message, null, false, false);
    this.reason = reason;
  }
}
