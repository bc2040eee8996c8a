package io.sextant.alarm.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * One TMF642 {@code alarmPattern}: the fields an alarm must have, in TMF642's spelling, for a task
 * ({@code ackAlarms}, {@code clearAlarms} ...) to apply to it; absent fields match anything. A
 * pattern with no field at all is refused: it would act on every alarm.
 */
@Serdeable
public record AlarmPattern(
    @Nullable String id,
    @Nullable String alarmType,
    @Nullable String perceivedSeverity,
    @Nullable String probableCause,
    @Nullable String specificProblem,
    @Nullable String state,
    @Nullable String ackState,
    @Nullable @JsonProperty("isRootCause") Boolean isRootCause,
    @Nullable Tmf642Alarm.AlarmedObjectRef alarmedObject,
    @Nullable String sourceSystemId) {

  boolean empty() {
    return id == null && alarmType == null && perceivedSeverity == null && probableCause == null
        && specificProblem == null && state == null && ackState == null && isRootCause == null
        && (alarmedObject == null || alarmedObject.id() == null) && sourceSystemId == null;
  }

  boolean matches(Tmf642Alarm a) {
    return eq(id, a.id()) && eq(alarmType, a.alarmType()) && eq(perceivedSeverity, a.perceivedSeverity())
        && eq(probableCause, a.probableCause()) && eq(specificProblem, a.specificProblem()) && eq(state, a.state())
        && eq(ackState, a.ackState()) && (isRootCause == null || isRootCause == a.isRootCause())
        && (alarmedObject == null || eq(alarmedObject.id(), a.alarmedObject().id()))
        && eq(sourceSystemId, a.sourceSystemId());
  }

  private static boolean eq(String pattern, String value) {
    return pattern == null || pattern.equals(value);
  }

  /** The patterns of a task, checked: at least one, none empty. */
  static List<AlarmPattern> required(List<AlarmPattern> patterns) {
    if (patterns == null || patterns.isEmpty()) {
      throw new IllegalArgumentException("alarmPattern is required: a non-empty list of alarm fields to match");
    }
    for (AlarmPattern p : patterns) {
      if (p == null || p.empty()) {
        throw new IllegalArgumentException("alarmPattern[]: a pattern must name at least one field (an empty "
            + "pattern would match every alarm)");
      }
    }
    return patterns;
  }
}
