package io.sextant.alarm.notify.cloudevents;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.alarm.notify.HttpPost;
import io.sextant.alarm.notify.Notification;
import io.sextant.alarm.notify.Notifier;
import io.sextant.alarm.notify.Outcome;
import io.sextant.alarm.notify.webhook.WebhookPayload;
import io.sextant.common.model.Ids;
import java.net.URI;
import java.util.Objects;

/**
 * CloudEvents 1.0, structured content mode ({@code application/cloudevents+json}): type
 * {@code io.sextant.alarm.notification}, source the configured URI reference, subject the group
 * key, data the Alertmanager v4 webhook payload (so consumers parse one schema). The event id is
 * a hash of the group key, time and alarm states, so a retried event keeps its id and consumers
 * can deduplicate.
 */
public final class CloudEventsNotifier implements Notifier {
  public static final String TYPE = "io.sextant.alarm.notification";
  private final URI url;
  private final String source;
  private final HttpPost http;

  public CloudEventsNotifier(URI url, String source, HttpPost http) {
    this.url = Objects.requireNonNull(url, "url");
    this.source = Objects.requireNonNull(source, "source");
    this.http = Objects.requireNonNull(http, "http");
  }

  @Override
  public Outcome send(Notification n) {
    return http.post(url, "application/cloudevents+json; charset=utf-8", event(n, source).toString());
  }

  public static ObjectNode event(Notification n, String source) {
    ObjectNode data = WebhookPayload.of(n, source);
    ObjectNode e = data.objectNode();
    StringBuilder states = new StringBuilder();
    n.alarms().forEach(a -> states.append(a.id()).append(a.cleared() ? "-" : "+"));
    e.put("specversion", "1.0");
    e.put("id", Ids.of("evt", n.receiver(), n.groupKey(), n.at().toString(), states.toString()));
    e.put("source", source);
    e.put("type", TYPE);
    e.put("subject", n.groupKey());
    e.put("time", n.at().toString());
    e.put("datacontenttype", "application/json");
    e.set("data", data);
    return e;
  }
}
