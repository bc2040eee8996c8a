package io.sextant.alarm.notify.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.alarm.notify.AlarmLabels;
import io.sextant.alarm.notify.Notification;
import io.sextant.common.model.Alarm;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Alertmanager's webhook JSON, version 4. Each alarm becomes an alert: labels as
 * {@link AlarmLabels}, annotations {@code summary} (the specific problem), {@code alarmId},
 * {@code isRootCause} and {@code correlatedAlarms}; {@code fingerprint} is the alarm id; a cleared
 * alarm's {@code endsAt} is its cleared time, an open one's Go's zero time as Alertmanager sends.
 */
public final class WebhookPayload {
  static final String ZERO_TIME = "0001-01-01T00:00:00Z";
  private static final ObjectMapper JSON = new ObjectMapper();

  private WebhookPayload() {}

  public static ObjectNode of(Notification n, String externalUrl) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", "4");
    root.put("groupKey", n.groupKey());
    root.put("truncatedAlerts", 0);
    root.put("status", n.status());
    root.put("receiver", n.receiver());
    root.set("groupLabels", map(new TreeMap<>(n.groupLabels())));
    List<Map<String, String>> labels = n.alarms().stream().map(AlarmLabels::of).toList();
    List<Map<String, String>> annotations = n.alarms().stream().map(WebhookPayload::annotations).toList();
    root.set("commonLabels", map(common(labels)));
    root.set("commonAnnotations", map(common(annotations)));
    root.put("externalURL", externalUrl);
    ArrayNode alerts = root.putArray("alerts");
    for (int i = 0; i < n.alarms().size(); i++) {
      Alarm a = n.alarms().get(i);
      ObjectNode alert = alerts.addObject();
      alert.put("status", a.cleared() ? "resolved" : "firing");
      alert.set("labels", map(labels.get(i)));
      alert.set("annotations", map(annotations.get(i)));
      alert.put("startsAt", a.raisedTime().toString());
      alert.put("endsAt", a.clearedTime() == null ? ZERO_TIME : a.clearedTime().toString());
      alert.put("generatorURL", externalUrl + "/tmf-api/alarmManagement/v4/alarm/" + a.id());
      alert.put("fingerprint", a.id());
    }
    return root;
  }

  static Map<String, String> annotations(Alarm a) {
    Map<String, String> m = new TreeMap<>();
    m.put("summary", a.specificProblem());
    m.put("alarmId", a.id());
    m.put("isRootCause", Boolean.toString(a.rootCause()));
    if (!a.correlatedAlarmIds().isEmpty()) {
      m.put("correlatedAlarms", String.join(",", a.correlatedAlarmIds()));
    }
    return m;
  }

  /** The pairs every map has, as Alertmanager's commonLabels. */
  static Map<String, String> common(List<Map<String, String>> maps) {
    if (maps.isEmpty()) {
      return Map.of();
    }
    Map<String, String> common = new HashMap<>(maps.get(0));
    for (Map<String, String> m : maps.subList(1, maps.size())) {
      common.entrySet().removeIf(e -> !e.getValue().equals(m.get(e.getKey())));
    }
    return new TreeMap<>(common);
  }

  private static ObjectNode map(Map<String, String> m) {
    ObjectNode node = JSON.createObjectNode();
    m.forEach(node::put);
    return node;
  }
}
