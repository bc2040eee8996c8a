package io.sextant.alarm.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sextant.alarm.AlarmEngine;
import io.sextant.alarm.raise.AlarmSpec;
import io.sextant.common.model.Detection;
import io.sextant.common.model.EventType;
import io.sextant.common.model.Severity;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Takes a posted Alertmanager v2 alert array into the engine.
 *
 * <p><b>Mapping.</b> The alarm key is (resource, probable cause): the probable cause is the
 * {@code alertname} label; the resource is the first of the {@link #RESOURCE_LABELS} present, or
 * else the alert's other labels in key order (so two alerts with different label sets stay two
 * alarms, as they are two alerts to Alertmanager). The full label set is the series: an alarm fed
 * by several series (one alert per device of an instance) clears when all have resolved. The
 * {@code severity} label gives the X.733 perceived severity; the {@code summary} annotation (else
 * {@code description}, else the alert name) the specific problem.
 *
 * <p><b>Firing or resolved.</b> As in Alertmanager, an alert whose {@code endsAt} is set and not
 * after the clock's now is resolved; otherwise it fires since {@code startsAt} (now if absent).
 * Prometheus resends a firing alert with the same {@code startsAt} every resend interval; those
 * resends make the same detection id, which the engine drops as a redelivery.
 *
 * <p>Thread-safe (the engine serialises its own state).
 */
public final class AlertIntake {
  /** Labels tried in order for the alarm's resource. */
  public static final List<String> RESOURCE_LABELS = List.of("resource", "instance", "node", "pod", "service", "job");
  /** Longest label or annotation value taken, in characters; Alertmanager has no limit, a NOC needs one. */
  public static final int MAX_VALUE_CHARS = 16 * 1024;
  public static final int MAX_LABELS = 128;
  /** The site of alerts that do not carry a {@code site} label. */
  public static final String DEFAULT_SITE = "external";

  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  /** Go's zero time: what Alertmanager clients send for "not set". */
  private static final Instant GO_ZERO = Instant.parse("0001-01-01T00:00:00Z");

  private final AlarmEngine engine;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();
  private final IntakeCounters counters = new IntakeCounters();
  private final Map<String, Instant> lastTimes = new java.util.concurrent.ConcurrentHashMap<>();

  public AlertIntake(AlarmEngine engine) {
    this(engine, engine.clock());
  }

  public AlertIntake(AlarmEngine engine, Clock clock) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public IntakeCounters counters() {
    return counters;
  }

  /** Parses and takes one posted body; never throws for bad input. */
  public IntakeResult post(byte[] body) {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JsonProcessingException e) {
      return whole("invalid_json", "request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      return whole("invalid_json", "request body is not readable: " + e.getMessage());
    }
    if (root == null || !root.isArray()) {
      return whole("not_an_array", "request body must be a JSON array of alerts");
    }
    List<Rejection> rejected = new ArrayList<>();
    int accepted = 0;
    Instant now = clock.instant();
    for (int i = 0; i < root.size(); i++) {
      try {
        take(root.get(i), now);
        accepted++;
      } catch (BadAlert e) {
        counters.reject(e.reason);
        rejected.add(new Rejection(i, e.reason, "alert " + i + ": " + e.getMessage()));
      }
    }
    counters.accepted(accepted);
    return new IntakeResult(accepted, rejected);
  }

  private IntakeResult whole(String reason, String message) {
    counters.reject(reason);
    return new IntakeResult(0, List.of(new Rejection(-1, reason, message)));
  }

  private void take(JsonNode alert, Instant now) {
    if (alert == null || !alert.isObject()) {
      throw new BadAlert("not_an_object", "must be a JSON object");
    }
    Map<String, String> labels = strings(alert.get("labels"), "labels");
    if (labels.isEmpty()) {
      throw new BadAlert("missing_labels", "labels are required and must not be empty");
    }
    String alertname = labels.get("alertname");
    if (alertname == null || alertname.isBlank()) {
      throw new BadAlert("missing_alertname", "labels.alertname is required and must not be blank");
    }
    Map<String, String> annotations = strings(alert.get("annotations"), "annotations");
    Instant startsAt = time(alert, "startsAt");
    Instant endsAt = time(alert, "endsAt");
    if (startsAt != null && endsAt != null && endsAt.isBefore(startsAt)) {
      throw new BadAlert("invalid_time", "endsAt " + endsAt + " is before startsAt " + startsAt);
    }
    String generator = text(alert.get("generatorURL"));
    boolean resolved = endsAt != null && !endsAt.isAfter(now);
    Instant at = resolved ? endsAt : startsAt != null ? startsAt : now;
    Detection detection = new Detection(null, labels.getOrDefault("site", DEFAULT_SITE), at,
        generator.isEmpty() ? "alertmanager-api" : generator, alertname, labels, resourceOf(labels),
        resolved ? Detection.State.RESOLVED : Detection.State.FIRING, Double.NaN, Double.NaN, Double.NaN);
    AlarmSpec spec = new AlarmSpec(EventType.QUALITY_OF_SERVICE_ALARM, alertname, severityOf(labels.get("severity")),
        alertname);
    engine.onExternal(detection, spec, problemOf(alertname, annotations));
  }

  static String resourceOf(Map<String, String> labels) {
    for (String name : RESOURCE_LABELS) {
      String value = labels.get(name);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    StringBuilder rest = new StringBuilder("labels:");
    labels.forEach((k, v) -> {
      if (!k.equals("alertname") && !k.equals("severity")) {
        rest.append(k).append('=').append(v).append(',');
      }
    });
    return rest.length() == "labels:".length() ? "alert:" + labels.get("alertname") : rest.substring(0, rest.length() - 1);
  }

  /** Prometheus convention names; anything else is INDETERMINATE rather than a guess. */
  static Severity severityOf(String label) {
    if (label == null) {
      return Severity.INDETERMINATE;
    }
    return switch (label.toLowerCase(Locale.ROOT)) {
      case "critical", "page", "emergency", "alert" -> Severity.CRITICAL;
      case "major", "error", "high" -> Severity.MAJOR;
      case "minor", "medium" -> Severity.MINOR;
      case "warning", "warn", "low" -> Severity.WARNING;
      default -> Severity.INDETERMINATE;
    };
  }

  private static String problemOf(String alertname, Map<String, String> annotations) {
    String summary = annotations.getOrDefault("summary", annotations.get("description"));
    return summary == null || summary.isBlank() ? alertname : alertname + ": " + summary;
  }

  private static Map<String, String> strings(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw new BadAlert("invalid_" + field, field + " must be an object of strings");
    }
    if (node.size() > MAX_LABELS) {
      throw new BadAlert("too_many_labels", field + " has " + node.size() + " entries, at most " + MAX_LABELS);
    }
    Map<String, String> out = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      if (field.equals("labels") && !isLabelName(name)) {
        throw new BadAlert("invalid_label_name", field + " name '" + abbreviate(name) + "' must match "
            + LABEL_NAME.pattern());
      }
      if (!e.getValue().isTextual()) {
        throw new BadAlert("invalid_" + field, field + "." + name + " must be a string");
      }
      String value = e.getValue().textValue();
      if (value.length() > MAX_VALUE_CHARS) {
        throw new BadAlert(field.equals("labels") ? "label_too_large" : "annotation_too_large",
            field + "." + name + " is " + value.length() + " characters, at most " + MAX_VALUE_CHARS);
      }
      out.put(name, value);
    }
    return out;
  }

  /** Same as matching {@link #LABEL_NAME}, without a regex on the hot path. */
  static boolean isLabelName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private Instant time(JsonNode alert, String field) {
    String value = text(alert.get(field));
    if (value.isEmpty()) {
      return null;
    }
    // A batch from one Prometheus evaluation mostly repeats the same few timestamps.
    Instant cached = lastTimes.get(value);
    if (cached != null) {
      return cached.equals(GO_ZERO) ? null : cached;
    }
    try {
      Instant t = OffsetDateTime.parse(value).toInstant();
      if (lastTimes.size() > 64) {
        lastTimes.clear();
      }
      lastTimes.put(value, t);
      return t.equals(GO_ZERO) ? null : t;
    } catch (DateTimeParseException e) {
      throw new BadAlert("invalid_time", field + " '" + abbreviate(value) + "' is not an RFC 3339 time");
    }
  }

  private static String text(JsonNode node) {
    if (node == null || node.isNull()) {
      return "";
    }
    if (!node.isTextual()) {
      throw new BadAlert("invalid_field", "expected a string, got " + node.getNodeType());
    }
    return node.textValue();
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }

  /** Control flow for one alert's rejection; never escapes {@link #post}. */
  private static final class BadAlert extends RuntimeException {
    final String reason;

    BadAlert(String reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }
}
