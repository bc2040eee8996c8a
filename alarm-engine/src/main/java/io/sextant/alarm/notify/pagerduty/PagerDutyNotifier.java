package io.sextant.alarm.notify.pagerduty;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.alarm.notify.HttpPost;
import io.sextant.alarm.notify.Notification;
import io.sextant.alarm.notify.Notifier;
import io.sextant.alarm.notify.Outcome;
import io.sextant.common.model.Alarm;
import java.net.URI;
import java.util.Objects;

/**
 * PagerDuty Events API v2: one event per alarm, {@code dedup_key} the alarm key (resource and
 * probable cause), so PagerDuty keeps one incident per fault across repeats and a cleared alarm
 * resolves it. Stops at the first failed event: the rest are sent again on the retry.
 */
public final class PagerDutyNotifier implements Notifier {
  public static final URI EVENTS_V2 = URI.create("https://events.pagerduty.com/v2/enqueue");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI url;
  private final String routingKey;
  private final HttpPost http;

  public PagerDutyNotifier(URI url, String routingKey, HttpPost http) {
    this.url = Objects.requireNonNull(url, "url");
    if (routingKey == null || routingKey.isBlank()) {
      throw new IllegalArgumentException("PagerDuty routing key must not be blank");
    }
    this.routingKey = routingKey;
    this.http = Objects.requireNonNull(http, "http");
  }

  @Override
  public Outcome send(Notification n) {
    Outcome last = Outcome.delivered("no alarms");
    for (Alarm a : n.alarms()) {
      last = http.post(url, "application/json", event(a, routingKey).toString());
      if (!last.delivered()) {
        return last;
      }
    }
    return last;
  }

  public static ObjectNode event(Alarm a, String routingKey) {
    ObjectNode e = JSON.createObjectNode();
    e.put("routing_key", routingKey);
    e.put("dedup_key", a.key());
    if (a.cleared()) {
      e.put("event_action", "resolve");
      return e;
    }
    e.put("event_action", "trigger");
    ObjectNode p = e.putObject("payload");
    p.put("summary", abbreviate(a.probableCause() + " on " + a.resource() + ": " + a.specificProblem()));
    p.put("source", a.resource());
    p.put("severity", switch (a.perceivedSeverity()) {
      case CRITICAL -> "critical";
      case MAJOR -> "error";
      case MINOR, WARNING -> "warning";
      default -> "info";
    });
    p.put("timestamp", a.raisedTime().toString());
    p.put("component", a.site());
    p.put("class", a.eventType().name());
    ObjectNode details = p.putObject("custom_details");
    details.put("alarmId", a.id());
    details.put("isRootCause", a.rootCause());
    details.put("count", a.count());
    a.labels().forEach(details::put);
    return e;
  }

  /** PagerDuty truncates summaries at 1024 characters; do it ourselves to keep the end readable. */
  private static String abbreviate(String s) {
    return s.length() <= 1024 ? s : s.substring(0, 1023) + "…";
  }
}
