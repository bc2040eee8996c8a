package io.sextant.alarm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;
import io.sextant.alarm.AlarmNote;
import io.sextant.common.model.Alarm;
import java.time.Instant;
import java.util.List;

/**
 * One alarm as TMF642 v4 shows it. Times are ISO-8601 strings so the JSON does not depend on a
 * serializer's date settings; absent values are omitted, empty lists are kept (an alarm with no
 * correlated alarms says so). {@code sourceSystemId} is the detector, rule or locator that raised
 * the alarm.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Tmf642Alarm(
    String id,
    String href,
    String alarmType,
    String perceivedSeverity,
    String probableCause,
    String specificProblem,
    String state,
    String ackState,
    @JsonProperty("isRootCause") boolean isRootCause,
    List<AlarmRef> parentAlarm,
    List<AlarmRef> correlatedAlarm,
    String alarmRaisedTime,
    String alarmChangedTime,
    String alarmClearedTime,
    AlarmedObjectRef alarmedObject,
    String sourceSystemId,
    List<Comment> comment) {

  /** A reference to another alarm. */
  @Serdeable
  public record AlarmRef(String id, String href) {
    static AlarmRef to(String alarmId) {
      return new AlarmRef(alarmId, Tmf642.href(alarmId));
    }
  }

  /** The managed resource the alarm is about (our topology resource id). */
  @Serdeable
  public record AlarmedObjectRef(String id) {}

  @Serdeable
  public record Comment(String comment, String userId, String time) {}

  /** Maps an alarm and the engine's notes on it; only comments are shown. */
  public static Tmf642Alarm from(Alarm alarm, List<AlarmNote> notes) {
    return new Tmf642Alarm(alarm.id(), Tmf642.href(alarm.id()), Tmf642.of(alarm.eventType()),
        Tmf642.of(alarm.perceivedSeverity()), alarm.probableCause(), alarm.specificProblem(),
        Tmf642.of(alarm.state()), Tmf642.of(alarm.ackState()), alarm.rootCause(),
        alarm.parentAlarmId() == null ? List.of() : List.of(AlarmRef.to(alarm.parentAlarmId())),
        alarm.correlatedAlarmIds().stream().map(AlarmRef::to).toList(),
        time(alarm.raisedTime()), time(alarm.time()), time(alarm.clearedTime()),
        new AlarmedObjectRef(alarm.resource()), alarm.source(),
        notes.stream().filter(n -> n.kind() == AlarmNote.Kind.COMMENT)
            .map(n -> new Comment(n.text(), n.author(), time(n.time()))).toList());
  }

  private static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
