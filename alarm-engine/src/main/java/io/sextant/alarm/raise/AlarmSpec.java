package io.sextant.alarm.raise;

import io.sextant.common.model.EventType;
import io.sextant.common.model.Severity;
import java.util.Objects;

/**
 * The X.733 fields an alarm takes from what raised it. {@code problem} is the fixed part of the
 * specific problem text; the catalog appends the observed numbers.
 */
public record AlarmSpec(EventType eventType, String probableCause, Severity severity, String problem) {
  public AlarmSpec {
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(severity, "severity");
    if (probableCause == null || probableCause.isBlank()) {
      throw new IllegalArgumentException("probableCause must not be blank");
    }
    if (problem == null || problem.isBlank()) {
      throw new IllegalArgumentException("problem must not be blank");
    }
    if (severity == Severity.CLEARED) {
      // CLEARED is the severity of a cleared alarm, never of a raised one (X.733).
      throw new IllegalArgumentException("an alarm cannot be raised with severity CLEARED");
    }
  }
}
