package io.sextant.alarm.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.sextant.alarm.UnknownAlarmException;
import io.sextant.common.match.Matcher;
import io.sextant.alarm.notify.NotificationPipeline;
import io.sextant.alarm.silence.Silence;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Silences in Alertmanager v2's shape ({@code POST /api/v2/silences} answers {@code silenceID};
 * {@code GET /api/v2/silences}; {@code DELETE /api/v2/silence/{id}} expires), and
 * {@code GET /api/v2/suppression/{alarmId}}: why an alarm is or is not notified. Bad input (an
 * invalid matcher or regex, a missing field, end before start) is 400 naming the field.
 */
@Controller("/api/v2")
@Requires(beans = NotificationPipeline.class)
public class SilenceController {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final NotificationPipeline pipeline;
  private final Clock clock;
  private final ApiCounters counters;

  public SilenceController(NotificationPipeline pipeline, ApiCounters counters) {
    this.pipeline = pipeline;
    this.clock = pipeline.clock();
    this.counters = counters;
  }

  @Post("/silences")
  @Consumes({MediaType.APPLICATION_JSON, MediaType.ALL})
  @Produces(MediaType.APPLICATION_JSON)
  public String create(@Body byte[] body) {
    JsonNode n;
    try {
      n = JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("request body is not valid JSON: " + e.getMessage());
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("request body must be a JSON object");
    }
    JsonNode ms = n.get("matchers");
    if (ms == null || !ms.isArray() || ms.isEmpty()) {
      throw new IllegalArgumentException("matchers is required: a non-empty array of {name, value, isRegex, isEqual}");
    }
    List<Matcher> matchers = new ArrayList<>();
    for (JsonNode m : ms) {
      String name = Bodies.required("matchers[].name", m.path("name").asText(null));
      String value = m.path("value").asText("");
      boolean regex = m.path("isRegex").asBoolean(false);
      boolean equal = m.path("isEqual").asBoolean(true);
      Matcher.Op op = regex ? (equal ? Matcher.Op.RE : Matcher.Op.NRE) : (equal ? Matcher.Op.EQ : Matcher.Op.NE);
      if (!name.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
        throw new RejectedRequest("invalid_matcher", "matchers[].name '" + name + "' is not a label name");
      }
      try {
        matchers.add(Matcher.of(name, op, value));
      } catch (IllegalArgumentException e) {
        throw new RejectedRequest("invalid_matcher", e.getMessage());
      }
    }
    Instant now = clock.instant();
    Instant startsAt = n.hasNonNull("startsAt") ? time("startsAt", n.get("startsAt").asText()) : now;
    Instant endsAt = time("endsAt", Bodies.required("endsAt", n.path("endsAt").asText(null)));
    Silence s = pipeline.suppressions().add(new Silence("", matchers, startsAt, endsAt,
        Bodies.required("createdBy", n.path("createdBy").asText(null)), n.path("comment").asText("")));
    return JSON.createObjectNode().put("silenceID", s.id()).toString();
  }

  @Get("/silences")
  @Produces(MediaType.APPLICATION_JSON)
  public String list() {
    Instant now = clock.instant();
    ArrayNode out = JSON.createArrayNode();
    for (Silence s : pipeline.suppressions().silences()) {
      ObjectNode o = out.addObject();
      o.put("id", s.id());
      ArrayNode ms = o.putArray("matchers");
      s.matchers().forEach(m -> ms.addObject().put("name", m.name()).put("value", m.value())
          .put("isRegex", m.op() == Matcher.Op.RE || m.op() == Matcher.Op.NRE)
          .put("isEqual", m.op() == Matcher.Op.EQ || m.op() == Matcher.Op.RE));
      o.put("startsAt", s.startsAt().toString());
      o.put("endsAt", s.endsAt().toString());
      o.put("createdBy", s.createdBy());
      o.put("comment", s.comment());
      o.putObject("status").put("state", s.activeAt(now) ? "active" : now.isBefore(s.startsAt()) ? "pending" : "expired");
    }
    return out.toString();
  }

  /** {@code ?by=name} says who expired it, for the history (Alertmanager's API has no such field). */
  @Delete("/silence/{id}")
  public HttpResponse<ApiError> expire(String id, @Nullable @QueryValue String by) {
    try {
      pipeline.suppressions().expire(id, clock.instant(), by == null || by.isBlank() ? "api" : by);
    } catch (IllegalArgumentException e) {
      counters.reject("unknown_silence");
      return AlarmController.error(HttpStatus.NOT_FOUND, e.getMessage());
    }
    return HttpResponse.ok();
  }

  @Get("/suppression/{alarmId}")
  @Produces(MediaType.APPLICATION_JSON)
  public String explain(String alarmId) {
    ObjectNode o = JSON.createObjectNode().put("alarmId", alarmId);
    pipeline.explain(alarmId).ifPresentOrElse(s -> o.put("suppressed", true).put("kind", s.kind().name())
        .put("by", s.by()).put("reason", s.reason()), () -> o.put("suppressed", false));
    return o.toString();
  }

  @Error(exception = UnknownAlarmException.class)
  public HttpResponse<ApiError> unknown(UnknownAlarmException e) {
    counters.reject("unknown_alarm");
    return AlarmController.error(HttpStatus.NOT_FOUND, e.getMessage());
  }

  @Error(exception = IllegalArgumentException.class)
  public HttpResponse<ApiError> badRequest(IllegalArgumentException e) {
    counters.reject(e instanceof RejectedRequest r ? r.reason : "invalid_silence");
    return AlarmController.error(HttpStatus.BAD_REQUEST, e.getMessage());
  }

  private static Instant time(String field, String value) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(field + " '" + value + "' is not an RFC 3339 time");
    }
  }
}
