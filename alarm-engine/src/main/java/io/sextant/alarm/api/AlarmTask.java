package io.sextant.alarm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * The body and the answer of TMF642's task resources {@code ackAlarms}, {@code unAckAlarms},
 * {@code clearAlarms} and {@code commentAlarms}: who, the patterns, and (in the answer) the
 * alarms the task changed, {@code state: done}. One record for the four: each uses its own
 * fields, the rest stay absent.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlarmTask(
    @Nullable String id,
    @Nullable String href,
    @Nullable String state,
    @Nullable String ackUserId,
    @Nullable String ackSystemId,
    @Nullable String ackTime,
    @Nullable String clearUserId,
    @Nullable String clearSystemId,
    @Nullable String alarmClearedTime,
    @Nullable Tmf642Alarm.Comment comment,
    @Nullable List<AlarmPattern> alarmPattern,
    @Nullable List<Tmf642Alarm.AlarmRef> ackedAlarm,
    @Nullable List<Tmf642Alarm.AlarmRef> unAckedAlarm,
    @Nullable List<Tmf642Alarm.AlarmRef> clearedAlarm,
    @Nullable List<Tmf642Alarm.AlarmRef> commentedAlarm) {

  static AlarmTask ack(AlarmTask in, String id, String time, List<Tmf642Alarm.AlarmRef> acked) {
    return new AlarmTask(id, Tmf642.API_PATH + "/ackAlarms/" + id, "done", in.ackUserId, in.ackSystemId, time,
        null, null, null, null, in.alarmPattern, acked, null, null, null);
  }

  static AlarmTask unAck(AlarmTask in, String id, String time, List<Tmf642Alarm.AlarmRef> unAcked) {
    return new AlarmTask(id, Tmf642.API_PATH + "/unAckAlarms/" + id, "done", in.ackUserId, in.ackSystemId, time,
        null, null, null, null, in.alarmPattern, null, unAcked, null, null);
  }

  static AlarmTask clear(AlarmTask in, String id, String time, List<Tmf642Alarm.AlarmRef> cleared) {
    return new AlarmTask(id, Tmf642.API_PATH + "/clearAlarms/" + id, "done", null, null, null, in.clearUserId,
        in.clearSystemId, time, null, in.alarmPattern, null, null, cleared, null);
  }

  static AlarmTask comment(AlarmTask in, String id, Tmf642Alarm.Comment comment,
      List<Tmf642Alarm.AlarmRef> commented) {
    return new AlarmTask(id, Tmf642.API_PATH + "/commentAlarms/" + id, "done", null, null, null, null, null, null,
        comment, in.alarmPattern, null, null, null, commented);
  }
}
