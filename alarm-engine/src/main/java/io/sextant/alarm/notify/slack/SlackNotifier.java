package io.sextant.alarm.notify.slack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.alarm.notify.HttpPost;
import io.sextant.alarm.notify.Notification;
import io.sextant.alarm.notify.Notifier;
import io.sextant.alarm.notify.Outcome;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Severity;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Slack incoming webhook JSON: {@code text} (status, count, reason) and one attachment per alarm
 * coloured by severity (danger for critical/major, warning for minor/warning, good when cleared).
 */
public final class SlackNotifier implements Notifier {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final URI url;
  private final HttpPost http;
  private final java.util.Map<String, String> fields;

  public SlackNotifier(URI url, HttpPost http) {
    this(url, http, java.util.Map.of());
  }

  /**
   * @param fields top-level fields added to every message as they are: {@code channel},
   *     {@code username}, {@code icon_emoji}, {@code icon_url} (Alertmanager's settings of the same names)
   */
  public SlackNotifier(URI url, HttpPost http, java.util.Map<String, String> fields) {
    this.url = Objects.requireNonNull(url, "url");
    this.http = Objects.requireNonNull(http, "http");
    this.fields = new java.util.TreeMap<>(fields);
  }

  @Override
  public Outcome send(Notification n) {
    ObjectNode payload = payload(n);
    fields.forEach(payload::put);
    return http.post(url, "application/json", payload.toString());
  }

  public static ObjectNode payload(Notification n) {
    ObjectNode root = JSON.createObjectNode();
    root.put("text", "[" + n.status().toUpperCase(Locale.ROOT) + ":" + n.alarms().size() + "] " + n.groupKey()
        + (n.reason().equals("group") ? "" : " (" + n.reason() + ")"));
    ArrayNode attachments = root.putArray("attachments");
    for (Alarm a : n.alarms()) {
      ObjectNode at = attachments.addObject();
      at.put("color", color(a));
      at.put("title", a.probableCause() + " on " + a.resource());
      at.put("text", a.specificProblem());
      at.put("footer", "alarm " + a.id() + (a.rootCause() ? " · root cause of " + a.correlatedAlarmIds().size() : ""));
      at.put("ts", a.time().getEpochSecond());
    }
    return root;
  }

  private static String color(Alarm a) {
    if (a.cleared()) {
      return "good";
    }
    Severity s = a.perceivedSeverity();
    return s == Severity.CRITICAL || s == Severity.MAJOR ? "danger" : "warning";
  }
}
