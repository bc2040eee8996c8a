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
 *
 * <p>A receiver read from an Alertmanager configuration may have several integrations: its type
 * is then {@link #FANOUT} and {@code parts} are the integrations. {@code settings} may say
 * {@code sendResolved: false} (Alertmanager's {@code send_resolved}); a Slack receiver's
 * {@code channel}, {@code username}, {@code icon_emoji} and {@code icon_url} go into its messages.
 */
public record ReceiverSpec(String name, String type, Map<String, String> settings, List<String> to,
    List<ReceiverSpec> parts) {
  public static final List<String> TYPES = List.of("webhook", "slack", "pagerduty", "cloudevents", "email", "sms",
      "none");
  /** An SMS receiver's defaults: the message, and the gateway's fields. */
  public static final String SMS_MESSAGE = "{severity} {site} {resource}: {summary} ({state}, {id})";
  public static final Map<String, String> SMS_FIELDS = Map.of("to", "{to}", "text", "{message}");
  /** Several integrations under one name (from an Alertmanager receiver). */
  public static final String FANOUT = "fanout";
  static final List<String> SLACK_FIELDS = List.of("channel", "username", "icon_emoji", "icon_url");
  /**
   * A receiver of type {@code none} delivers nowhere (Alertmanager's receiver without
   * integrations): the fallback of a service configured with no receivers, whose alarms are seen
   * through the API only.
   */
  public static final String NONE = "none";

  public ReceiverSpec(String name, String type, Map<String, String> settings, List<String> to) {
    this(name, type, settings, to, List.of());
  }

  public ReceiverSpec {
    settings = Map.copyOf(settings);
    to = List.copyOf(to);
    parts = List.copyOf(parts);
    if (type.equals(FANOUT) != !parts.isEmpty()) {
      throw new ConfigException("receiver " + name + ": a fan-out, and only a fan-out, has integrations");
    }
    if (!TYPES.contains(type) && !type.equals(FANOUT)) {
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
      case "sms" -> {
        n.only("name", "type", "url", "method", "headers", "secretFile", "message", "fields", "encoding", "maxLength",
            "to");
        s.put("url", url(n, "url"));
        String method = n.text("method", "POST").toUpperCase(java.util.Locale.ROOT);
        if (!List.of("POST", "PUT").contains(method)) {
          throw new ConfigException(n.field("method") + " '" + method + "' must be POST or PUT");
        }
        s.put("method", method);
        String encoding = n.text("encoding", "json");
        if (!List.of("json", "form").contains(encoding)) {
          throw new ConfigException(n.field("encoding") + " '" + encoding + "' must be json or form");
        }
        s.put("encoding", encoding);
        int max = n.integer("maxLength", io.sextant.alarm.notify.sms.SmsNotifier.MAX_LENGTH);
        if (max < 2) {
          throw new ConfigException(n.field("maxLength") + " must be at least 2, got " + max);
        }
        s.put("maxLength", Integer.toString(max));
        if (n.has("secretFile")) {
          s.put("secretFile", n.text("secretFile"));
        }
        s.put("message", checked(n, "message", n.text("message", SMS_MESSAGE), false));
        Map<String, String> fields = n.has("fields") ? n.textMap("fields") : new java.util.TreeMap<>(SMS_FIELDS);
        fields.forEach((k, v) -> s.put("field." + k, checked(n, "fields." + k, v, true)));
        n.textMap("headers").forEach((k, v) -> s.put("header." + k, checked(n, "headers." + k, v, false)));
        to = n.texts("to");
        if (to.isEmpty()) {
          throw new ConfigException(n.field("to") + " needs at least one phone number");
        }
      }
      case NONE -> n.only("name", "type");
      default -> throw new ConfigException(n.field("type") + " '" + type + "' is not one of " + TYPES);
    }
    return new ReceiverSpec(name, type, s, to);
  }

  /** A template's placeholders: a message's are the alarm's fields; a field's add message, to, secret. */
  private static String checked(ConfigNode n, String key, String text, boolean field) {
    java.util.Set<String> known = new java.util.HashSet<>(io.sextant.alarm.notify.sms.SmsTemplate.ALARM_FIELDS);
    if (field) {
      known.addAll(io.sextant.alarm.notify.sms.SmsTemplate.FIELD_EXTRAS);
    } else if (key.startsWith("headers.")) {
      known = java.util.Set.of("secret");
    }
    try {
      new io.sextant.alarm.notify.sms.SmsTemplate(text).check(known);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(n.field(key) + ": " + e.getMessage());
    }
    return text;
  }

  /** {@code url} if it is an http or https URL, else the reason it is not. */
  public static java.util.Optional<String> badUrl(String url) {
    try {
      URI uri = URI.create(url);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        return java.util.Optional.of("'" + url + "' must be an http or https URL");
      }
      return java.util.Optional.empty();
    } catch (IllegalArgumentException e) {
      return java.util.Optional.of("'" + url + "' is not a URL: " + e.getMessage());
    }
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
    if (type.equals(FANOUT)) {
      List<Notifier> each = parts.stream().map(p -> p.build(http, smtpTimeout)).toList();
      return each.size() == 1 ? each.get(0) : new io.sextant.alarm.notify.Fanout(each);
    }
    Notifier n = integration(http, smtpTimeout);
    return "false".equals(settings.get("sendResolved")) ? new io.sextant.alarm.notify.ResolvedFilter(n) : n;
  }

  /** One notifier per phone number, so a retry does not text again those that got it. */
  private Notifier sms(HttpPost http) {
    String secret = null;
    if (settings.containsKey("secretFile")) {
      java.nio.file.Path file = java.nio.file.Path.of(settings.get("secretFile"));
      try {
        secret = java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8).strip();
      } catch (java.io.IOException e) {
        throw new ConfigException("receiver " + name + ": secretFile " + file + " cannot be read: " + e.getMessage());
      }
    }
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    settings.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      if (e.getKey().startsWith("header.")) {
        headers.put(e.getKey().substring("header.".length()), e.getValue());
      } else if (e.getKey().startsWith("field.")) {
        fields.put(e.getKey().substring("field.".length()), e.getValue());
      }
    });
    List<Notifier> each = new java.util.ArrayList<>();
    for (String number : to) {
      each.add(new io.sextant.alarm.notify.sms.SmsNotifier(URI.create(settings.get("url")), settings.get("method"),
          headers, settings.get("message"), fields, io.sextant.alarm.notify.sms.SmsNotifier.Encoding.valueOf(
              settings.get("encoding").toUpperCase(java.util.Locale.ROOT)), Integer.parseInt(settings.get("maxLength")),
          number, secret, http));
    }
    return each.size() == 1 ? each.get(0) : new io.sextant.alarm.notify.Fanout(each);
  }

  private Notifier integration(HttpPost http, Duration smtpTimeout) {
    return switch (type) {
      case "webhook" -> new WebhookNotifier(URI.create(settings.get("url")), settings.get("externalUrl"), http);
      case "slack" -> {
        Map<String, String> fields = new java.util.TreeMap<>();
        SLACK_FIELDS.stream().filter(settings::containsKey).forEach(f -> fields.put(f, settings.get(f)));
        yield new SlackNotifier(URI.create(settings.get("url")), http, fields);
      }
      case "pagerduty" -> new PagerDutyNotifier(URI.create(settings.get("url")), settings.get("routingKey"), http);
      case "cloudevents" -> new CloudEventsNotifier(URI.create(settings.get("url")), settings.get("source"), http);
      case NONE -> n -> Outcome.delivered("receiver " + name + " delivers nowhere (type none)");
      case "sms" -> sms(http);
      default -> new SmtpNotifier(settings.get("host"), Integer.parseInt(settings.get("port")), settings.get("from"), to,
          smtpTimeout);
    };
  }
}
