package io.sextant.alarm.notify;

import io.sextant.common.model.Alarm;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one receiver is told at once: a group's alarms (open and just cleared), or one alarm for a
 * flapping notice or an escalation.
 *
 * @param groupKey stable per route and group-by values; receivers use it to thread messages
 * @param reason why it is sent: {@code group}, {@code flapping}, {@code escalation level N}
 */
public record Notification(String receiver, String groupKey, Map<String, String> groupLabels, List<Alarm> alarms,
    String reason, Instant at) {
  public Notification {
    Objects.requireNonNull(receiver, "receiver");
    Objects.requireNonNull(groupKey, "groupKey");
    Objects.requireNonNull(at, "at");
    groupLabels = Map.copyOf(groupLabels);
    alarms = List.copyOf(alarms);
    reason = reason == null ? "group" : reason;
  }

  /** {@code firing} while any alarm in it is open, else {@code resolved} (Alertmanager's words). */
  public String status() {
    return alarms.stream().anyMatch(a -> !a.cleared()) ? "firing" : "resolved";
  }
}
