package io.sextant.alarm.api;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * Body of TMF642 {@code groupAlarms} / {@code unGroupAlarms}: the parent and the alarms to put
 * under it or take out. {@code userId} (who) is Sextant's addition, as on ack and clear; the
 * answer is the task in TMF642's shape with {@code state: done}.
 */
@Serdeable
public record GroupRequest(Tmf642Alarm.AlarmRef parentAlarm, List<Tmf642Alarm.AlarmRef> correlatedAlarm,
    String userId, String state) {

  String parentId() {
    if (parentAlarm == null) {
      throw new IllegalArgumentException("parentAlarm is required: {\"id\": ...}");
    }
    return Bodies.required("parentAlarm.id", parentAlarm.id());
  }

  List<String> childIds() {
    if (correlatedAlarm == null || correlatedAlarm.isEmpty()) {
      throw new IllegalArgumentException("correlatedAlarm is required: a non-empty list of {\"id\": ...}");
    }
    return correlatedAlarm.stream().map(r -> Bodies.required("correlatedAlarm[].id", r == null ? null : r.id()))
        .toList();
  }

  String by() {
    return Bodies.required("userId", userId);
  }

  GroupRequest done() {
    return new GroupRequest(Tmf642Alarm.AlarmRef.to(parentId()),
        childIds().stream().map(Tmf642Alarm.AlarmRef::to).toList(), userId, "done");
  }
}
