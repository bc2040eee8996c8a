package io.sextant.alarm.notify.sms;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.alarm.notify.HttpPost;
import io.sextant.alarm.notify.Notification;
import io.sextant.alarm.notify.Notifier;
import io.sextant.alarm.notify.Outcome;
import io.sextant.common.model.Alarm;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One SMS for one phone number per notification, through an HTTP gateway. The message speaks for
 * the notification's first open alarm (its first alarm if all cleared), with {@code {count}} the
 * number of alarms in it; it is cut to {@code maxLength} characters with an ellipsis. Each
 * request field is a template over the alarm's fields, {@code {message}}, {@code {to}} and
 * {@code {secret}} (read from a file, never written in the configuration); headers may use
 * {@code {secret}} too. Outcome by HTTP status, as every HTTP receiver (retry stage apart).
 */
public final class SmsNotifier implements Notifier {
  public enum Encoding { FORM, JSON }

  public static final int MAX_LENGTH = 160;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI url;
  private final String method;
  private final Map<String, SmsTemplate> headers;
  private final SmsTemplate message;
  private final Map<String, SmsTemplate> fields;
  private final Encoding encoding;
  private final int maxLength;
  private final String to;
  private final String secret;
  private final HttpPost http;

  public SmsNotifier(URI url, String method, Map<String, String> headers, String message, Map<String, String> fields,
      Encoding encoding, int maxLength, String to, String secret, HttpPost http) {
    this.url = Objects.requireNonNull(url, "url");
    this.method = Objects.requireNonNull(method, "method");
    this.headers = templates(headers, java.util.Set.of("secret"));
    this.message = new SmsTemplate(message).check(SmsTemplate.ALARM_FIELDS);
    java.util.Set<String> known = new java.util.HashSet<>(SmsTemplate.ALARM_FIELDS);
    known.addAll(SmsTemplate.FIELD_EXTRAS);
    this.fields = templates(fields, known);
    this.encoding = Objects.requireNonNull(encoding, "encoding");
    if (maxLength < 2) {
      throw new IllegalArgumentException("maxLength must be at least 2, got " + maxLength);
    }
    this.maxLength = maxLength;
    this.to = Objects.requireNonNull(to, "to");
    this.secret = secret == null ? "" : secret;
    this.http = Objects.requireNonNull(http, "http");
  }

  private static Map<String, SmsTemplate> templates(Map<String, String> texts, java.util.Set<String> known) {
    Map<String, SmsTemplate> out = new LinkedHashMap<>();
    texts.forEach((k, v) -> out.put(k, new SmsTemplate(v).check(known)));
    return out;
  }

  @Override
  public Outcome send(Notification n) {
    Map<String, String> values = values(n);
    values.put("message", SmsTemplate.truncate(message.render(values), maxLength));
    values.put("to", to);
    values.put("secret", secret);
    Map<String, String> body = new LinkedHashMap<>();
    fields.forEach((k, t) -> body.put(k, t.render(values)));
    Map<String, String> h = new LinkedHashMap<>();
    headers.forEach((k, t) -> h.put(k, t.render(values)));
    if (encoding == Encoding.JSON) {
      ObjectNode json = JSON.createObjectNode();
      body.forEach(json::put);
      return http.send(url, method, h, "application/json", json.toString());
    }
    String form = body.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    return http.send(url, method, h, "application/x-www-form-urlencoded", form);
  }

  /** The alarm's fields the message speaks of. */
  static Map<String, String> values(Notification n) {
    Alarm a = n.alarms().stream().filter(x -> !x.cleared()).findFirst().orElse(n.alarms().get(0));
    Map<String, String> v = new HashMap<>();
    v.put("severity", a.perceivedSeverity().name().toLowerCase(Locale.ROOT));
    v.put("site", a.site());
    v.put("resource", a.resource());
    v.put("summary", a.specificProblem());
    v.put("state", a.cleared() ? "cleared" : "raised");
    v.put("id", a.id());
    v.put("alertname", a.labels().getOrDefault("alertname", a.probableCause()));
    v.put("count", Integer.toString(n.alarms().size()));
    return v;
  }
}
