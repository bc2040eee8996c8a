package io.sextant.alarm.service;

import io.sextant.alarm.notify.HttpPost;
import io.sextant.alarm.notify.Notifier;
import io.sextant.alarm.notify.Outcome;
import io.sextant.alarm.notify.cloudevents.CloudEventsNotifier;
import io.sextant.alarm.notify.email.SmtpNotifier;
import io.sextant.alarm.notify.pagerduty.PagerDutyNotifier;
import io.sextant.alarm.notify.slack.SlackNotifier;
import io.sextant.alarm.notify.webhook.WebhookNotifier;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One configured receiver: its type and settings, turned into a {@link Notifier} by
 * {@link #build}. Types: {@code webhook} (url, externalUrl), {@code slack} (url),
 * {@code pagerduty} (routingKey, url defaulting to Events v2), {@code cloudevents} (url, source),
 * {@code email} (host, port, from, to).
 */
public record ReceiverSpec(String name, String type, Map<String, String> settings, List<String> to) {
  public static final List<String> TYPES = List.of("webhook", "slack", "pagerduty", "cloudevents", "email", "none");
  /**
   * A receiver of type {@code none} delivers nowhere (Alertmanager's receiver without
   * integrations): the fallback of a service configured with no receivers, whose alarms are seen
   * through the API only.
   */
  public static final String NONE = "none";

  public ReceiverSpec {
    settings = Map.copyOf(settings);
    to = List.copyOf(to);
    if (!TYPES.contains(type)) {
      throw new ConfigException("receiver " + name + ": type '" + type + "' is not one of " + TYPES);
    }
  }

  static ReceiverSpec parse(ConfigNode n) {
    String type = n.text("type");
    String name = n.text("name");
    java.util.Map<String, String> s = new java.util.LinkedHashMap<>();
    List<String> to = List.of();
    switch (type) {
      case "webhook" -> {
        n.only("name", "type", "url", "externalUrl");
        s.put("url", url(n, "url"));
        s.put("externalUrl", n.text("externalUrl", ""));
      }
      case "slack" -> {
        n.only("name", "type", "url");
        s.put("url", url(n, "url"));
      }
      case "pagerduty" -> {
        n.only("name", "type", "url", "routingKey");
        s.put("url", n.has("url") ? url(n, "url") : PagerDutyNotifier.EVENTS_V2.toString());
        s.put("routingKey", n.text("routingKey"));
      }
      case "cloudevents" -> {
        n.only("name", "type", "url", "source");
        s.put("url", url(n, "url"));
        s.put("source", n.text("source", "/sextant/alarm-engine"));
      }
      case "email" -> {
        n.only("name", "type", "host", "port", "from", "to");
        s.put("host", n.text("host"));
        s.put("port", Integer.toString(n.integer("port", 25)));
        s.put("from", n.text("from"));
        to = n.texts("to");
        if (to.isEmpty()) {
          throw new ConfigException(n.field("to") + " needs at least one address");
        }
      }
      case NONE -> n.only("name", "type");
      default -> throw new ConfigException(n.field("type") + " '" + type + "' is not one of " + TYPES);
    }
    return new ReceiverSpec(name, type, s, to);
  }

  private static String url(ConfigNode n, String key) {
    String url = n.text(key);
    try {
      URI uri = URI.create(url);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new ConfigException(n.field(key) + " '" + url + "' must be an http or https URL");
      }
    } catch (IllegalArgumentException e) {
      if (e instanceof ConfigException c) {
        throw c;
      }
      throw new ConfigException(n.field(key) + " '" + url + "' is not a URL: " + e.getMessage());
    }
    return url;
  }

  /** The notifier, without its retry stage (the pipeline's wiring adds it). */
  public Notifier build(HttpPost http, Duration smtpTimeout) {
    return switch (type) {
      case "webhook" -> new WebhookNotifier(URI.create(settings.get("url")), settings.get("externalUrl"), http);
      case "slack" -> new SlackNotifier(URI.create(settings.get("url")), http);
      case "pagerduty" -> new PagerDutyNotifier(URI.create(settings.get("url")), settings.get("routingKey"), http);
      case "cloudevents" -> new CloudEventsNotifier(URI.create(settings.get("url")), settings.get("source"), http);
      case NONE -> n -> Outcome.delivered("receiver " + name + " delivers nowhere (type none)");
      default -> new SmtpNotifier(settings.get("host"), Integer.parseInt(settings.get("port")), settings.get("from"), to,
          smtpTimeout);
    };
  }
}
