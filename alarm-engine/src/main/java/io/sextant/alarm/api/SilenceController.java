package io.sextant.alarm.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
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
import io.sextant.common.security.ApiTokens;
import io.sextant.alarm.silence.Silence;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import io.sextant.alarm.compat.AlertQuery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.List;

/**
 * Silences in Alertmanager v2's shape ({@code POST /api/v2/silences} answers {@code silenceID},
 * and with an existing {@code id} replaces that silence; {@code GET /api/v2/silences} with
 * {@code filter} and {@code creator}; {@code GET /api/v2/silence/{id}}; {@code DELETE
 * /api/v2/silence/{id}} expires), and
 * {@code GET /api/v2/suppression/{alarmId}}: why an alarm is or is not notified. Bad input (an
 * invalid matcher or regex, a missing field, a field Alertmanager does not define, a matcher value
 * over {@link AlertQuery#MAX_MATCHER_CHARS}, end before start) is 400 naming the field, counted by
 * reason.
 */
@Controller("/api/v2")
@Requires(beans = NotificationPipeline.class)
public class SilenceController {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The fields of Alertmanager's {@code postableSilence}. */
  static final Set<String> FIELDS = Set.of("id", "matchers", "startsAt", "endsAt", "createdBy", "comment");
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
  public String create(HttpRequest<?> http, @Body byte[] body) {
    JsonNode n;
    try {
      n = JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("request body is not valid JSON: " + e.getMessage());
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("request body must be a JSON object");
    }
    Set<String> unknown = new TreeSet<>();
    n.fieldNames().forEachRemaining(unknown::add);
    unknown.removeAll(FIELDS);
    if (!unknown.isEmpty()) {
      throw new RejectedRequest("unknown_field", "unknown field " + unknown + " in silence: Alertmanager's are "
          + new TreeSet<>(FIELDS));
    }
    String replaces = n.hasNonNull("id") && !n.get("id").asText().isEmpty() ? n.get("id").asText() : null;
    if (replaces != null && find(replaces) == null) {
      counters.reject("unknown_silence");
      throw new UnknownSilence(replaces);
    }
    JsonNode ms = n.get("matchers");
    if (ms == null || !ms.isArray() || ms.isEmpty()) {
      throw new IllegalArgumentException("matchers is required: a non-empty array of {name, value, isRegex, isEqual}");
    }
    List<Matcher> matchers = new ArrayList<>();
    for (JsonNode m : ms) {
      String name = Bodies.required("matchers[].name", m.path("name").asText(null));
      String value = m.path("value").asText("");
      if (value.length() > AlertQuery.MAX_MATCHER_CHARS) {
        throw new RejectedRequest("matcher_too_large", "matchers[].value of " + name + " is " + value.length()
            + " characters, over the limit of " + AlertQuery.MAX_MATCHER_CHARS);
      }
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
    // A caller of some sites silences within them: the silence must name one of their sites.
    if (!Caller.coversMatchers(http, matchers)) {
      ApiTokens.Principal who = Caller.of(http).orElseThrow();
      throw Caller.forbidSite(http, who.name() + " may silence sites " + who.sites()
          + " only: add the matcher site=\"<one of them>\"");
    }
    Instant now = clock.instant();
    Instant startsAt = n.hasNonNull("startsAt") ? time("startsAt", n.get("startsAt").asText()) : now;
    // As Alertmanager: a silence starts now at the earliest; it cannot have muted the past.
    startsAt = startsAt.isBefore(now) ? now : startsAt;
    Instant endsAt = time("endsAt", Bodies.required("endsAt", n.path("endsAt").asText(null)));
    Silence s = pipeline.suppressions().add(new Silence("", matchers, startsAt, endsAt,
        Caller.by(http, () -> Bodies.required("createdBy", n.path("createdBy").asText(null))),
        n.path("comment").asText("")));
    if (replaces != null) {
      // As Alertmanager: an update is a new silence that takes over from the old one.
      pipeline.suppressions().expire(replaces, now, s.createdBy());
    }
    return JSON.createObjectNode().put("silenceID", s.id()).toString();
  }

  /**
   * Every silence, active ones first (soonest end first), then pending (soonest start first), then
   * expired (latest end first), as Alertmanager orders them. {@code filter} matchers are matched
   * against each silence's matchers taken as labels (name to value), {@code creator} against
   * {@code createdBy}, as Alertmanager does.
   */
  @Get("/silences")
  @Produces(MediaType.APPLICATION_JSON)
  public String list(@Nullable @QueryValue List<String> filter, @Nullable @QueryValue List<String> creator) {
    Instant now = clock.instant();
    List<Matcher> wanted = new ArrayList<>();
    for (String f : filter == null ? List.<String>of() : filter) {
      wanted.addAll(AlertQuery.matchers(f));
    }
    List<Silence> silences = new ArrayList<>(pipeline.suppressions().silences());
    silences.sort(Comparator.comparingInt((Silence s) -> rank(state(s, now)))
        .thenComparing(s -> switch (state(s, now)) {
          case "active" -> s.endsAt().toEpochMilli();
          case "pending" -> s.startsAt().toEpochMilli();
          default -> -s.endsAt().toEpochMilli();
        }));
    ArrayNode out = JSON.createArrayNode();
    for (Silence s : silences) {
      if (matches(s, wanted) && (creator == null || creator.isEmpty() || creator.contains(s.createdBy()))) {
        write(out.addObject(), s, now);
      }
    }
    return out.toString();
  }

  /** One silence (Alertmanager's {@code getSilence}); 404 when the id is unknown. */
  @Get("/silence/{id}")
  @Produces(MediaType.APPLICATION_JSON)
  public HttpResponse<?> get(String id) {
    Silence s = find(id);
    if (s == null) {
      counters.reject("unknown_silence");
      return AlarmController.error(HttpStatus.NOT_FOUND, "no silence with id " + id);
    }
    ObjectNode o = JSON.createObjectNode();
    write(o, s, clock.instant());
    return HttpResponse.ok(o.toString()).contentType(MediaType.APPLICATION_JSON_TYPE);
  }

  private Silence find(String id) {
    return pipeline.suppressions().silences().stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
  }

  private static boolean matches(Silence s, List<Matcher> wanted) {
    Map<String, String> asLabels = new HashMap<>();
    s.matchers().forEach(m -> asLabels.put(m.name(), m.value()));
    for (Matcher w : wanted) {
      boolean negative = w.op() == Matcher.Op.NE || w.op() == Matcher.Op.NRE;
      if ((!negative && !asLabels.containsKey(w.name())) || !w.matches(asLabels)) {
        return false;
      }
    }
    return true;
  }

  private static String state(Silence s, Instant now) {
    return s.activeAt(now) ? "active" : now.isBefore(s.startsAt()) ? "pending" : "expired";
  }

  private static int rank(String state) {
    return switch (state) {
      case "active" -> 0;
      case "pending" -> 1;
      default -> 2;
    };
  }

  /**
   * Alertmanager's {@code gettableSilence}. Sextant does not keep a silence's last change time:
   * {@code updatedAt} is its start, or its end once expired.
   */
  private static void write(ObjectNode o, Silence s, Instant now) {
    o.put("id", s.id());
    ArrayNode ms = o.putArray("matchers");
    s.matchers().forEach(m -> ms.addObject().put("name", m.name()).put("value", m.value())
        .put("isRegex", m.op() == Matcher.Op.RE || m.op() == Matcher.Op.NRE)
        .put("isEqual", m.op() == Matcher.Op.EQ || m.op() == Matcher.Op.RE));
    o.put("startsAt", s.startsAt().toString());
    o.put("endsAt", s.endsAt().toString());
    String state = state(s, now);
    o.put("updatedAt", (state.equals("expired") ? s.endsAt() : s.startsAt()).toString());
    o.put("createdBy", s.createdBy());
    o.put("comment", s.comment());
    o.putObject("status").put("state", state);
  }

  /** {@code ?by=name} says who expired it, for the history (Alertmanager's API has no such field). */
  @Delete("/silence/{id}")
  public HttpResponse<ApiError> expire(HttpRequest<?> http, String id, @Nullable @QueryValue String by) {
    // A caller of some sites expires only silences pinned to one of them, as it may only create such.
    pipeline.suppressions().silences().stream().filter(s -> s.id().equals(id))
        .filter(s -> !Caller.coversMatchers(http, s.matchers())).findFirst().ifPresent(s -> {
          ApiTokens.Principal who = Caller.of(http).orElseThrow();
          throw Caller.forbidSite(http, who.name() + " may expire silences of sites " + who.sites()
              + " only; silence " + id + " is not pinned to one of them");
        });
    try {
      pipeline.suppressions().expire(id, clock.instant(), Caller.by(http, () -> by == null || by.isBlank() ? "api" : by));
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

  /** An update ({@code id} in the body) of a silence that does not exist: 404, as Alertmanager. */
  static final class UnknownSilence extends RuntimeException {
    UnknownSilence(String id) {
      super("no silence with id " + id + " to update");
    }
  }

  @Error(exception = UnknownSilence.class)
  public HttpResponse<ApiError> unknownSilence(UnknownSilence e) {
    return AlarmController.error(HttpStatus.NOT_FOUND, e.getMessage());
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
