package io.sextant.alarm.silence.persist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.common.match.Matcher;
import io.sextant.alarm.silence.MaintenanceWindow;
import io.sextant.alarm.silence.Silence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The stored JSON of a silence or window: plain strings (ISO-8601 times and durations, zone
 * ids, matchers as {@code name}, {@code op}, {@code value}), so the rows are readable in psql
 * and do not depend on a serializer's defaults. Golden file: {@code golden/suppression-docs.json} (tests).
 */
final class SuppressionDocs {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SuppressionDocs() {}

  static String encode(Silence s) {
    ObjectNode o = JSON.createObjectNode().put("id", s.id());
    matchers(o.putArray("matchers"), s.matchers());
    return o.put("startsAt", s.startsAt().toString()).put("endsAt", s.endsAt().toString())
        .put("createdBy", s.createdBy()).put("comment", s.comment()).toString();
  }

  static String encode(MaintenanceWindow w) {
    ObjectNode o = JSON.createObjectNode().put("id", w.id());
    matchers(o.putArray("matchers"), w.matchers());
    if (w.onceFrom() != null) {
      o.put("from", w.onceFrom().toString()).put("until", w.onceUntil().toString());
    } else {
      o.put("dailyStart", w.dailyStart().toString()).put("length", w.length().toString())
          .put("zone", w.zone().getId());
      ArrayNode days = o.putArray("days");
      EnumSet.copyOf(w.days().isEmpty() ? EnumSet.noneOf(DayOfWeek.class) : w.days()).forEach(d -> days.add(d.name()));
    }
    return o.put("comment", w.comment()).toString();
  }

  static Silence silence(String doc) {
    JsonNode n = read(doc);
    return new Silence(n.get("id").asText(), matchers(n.get("matchers")), Instant.parse(n.get("startsAt").asText()),
        Instant.parse(n.get("endsAt").asText()), n.get("createdBy").asText(), n.path("comment").asText(""));
  }

  static MaintenanceWindow window(String doc) {
    JsonNode n = read(doc);
    String id = n.get("id").asText();
    List<Matcher> matchers = matchers(n.get("matchers"));
    String comment = n.path("comment").asText("");
    if (n.hasNonNull("from")) {
      return MaintenanceWindow.once(id, matchers, Instant.parse(n.get("from").asText()),
          Instant.parse(n.get("until").asText()), comment);
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    n.path("days").forEach(d -> days.add(DayOfWeek.valueOf(d.asText())));
    return MaintenanceWindow.recurring(id, matchers, LocalTime.parse(n.get("dailyStart").asText()),
        Duration.parse(n.get("length").asText()), ZoneId.of(n.get("zone").asText()), days, comment);
  }

  private static void matchers(ArrayNode out, List<Matcher> matchers) {
    matchers.forEach(m -> out.addObject().put("name", m.name()).put("op", m.op().name()).put("value", m.value()));
  }

  private static List<Matcher> matchers(JsonNode array) {
    List<Matcher> out = new ArrayList<>();
    array.forEach(m -> out.add(Matcher.of(m.get("name").asText(), Matcher.Op.valueOf(m.get("op").asText()),
        m.get("value").asText())));
    return out;
  }

  private static JsonNode read(String doc) {
    try {
      return JSON.readTree(doc);
    } catch (IOException e) {
      throw new UncheckedIOException("stored suppression is not JSON: " + e.getMessage(), e);
    }
  }
}
