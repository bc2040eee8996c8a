package io.sextant.alarm.notify;

import java.util.Objects;

/**
 * Why an alarm is not being notified: the kind, which silence, window, rule or alarm did it, and
 * a sentence for the NOC.
 */
public record Suppression(Kind kind, String by, String reason) {
  public enum Kind {
    /** Grouped under a root cause, whose notification speaks for it. */
    SYMPTOM,
    SILENCED,
    MAINTENANCE,
    INHIBITED,
    /** Flapping: notified once when it started flapping, quiet until it settles. */
    FLAPPING
  }

  public Suppression {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(reason, "reason");
  }
}
