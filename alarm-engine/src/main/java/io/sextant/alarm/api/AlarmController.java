package io.sextant.alarm.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.sextant.common.store.StoreException;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonSyntaxException;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;
import io.sextant.alarm.AlarmEngine;
import io.sextant.alarm.UnknownAlarmException;
import io.sextant.alarm.lifecycle.IllegalTransitionException;
import io.sextant.common.model.Alarm;
import io.sextant.common.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * TMF642 v4 alarm management: the {@code alarm} resource (list with filters, get, PATCH, its
 * history), TMF642's task resources ({@code ackAlarms}, {@code unAckAlarms}, {@code clearAlarms},
 * {@code commentAlarms}, {@code groupAlarms}, {@code unGroupAlarms}: on every alarm an
 * {@code alarmPattern} matches), and Sextant's one-alarm shortcuts {@code POST /alarm/{id}/ack|
 * unack|clear|comment}, which the console and the CLI use. Errors, all as {@link ApiError}: unknown
 * id 404, bad input (filter value, missing or malformed body, an unpatchable field) 400, a move the
 * lifecycle forbids 409.
 */
@Controller(Tmf642.API_PATH)
// A change returns once the store has it (group commit): wait on a blocking thread, never on the event loop.
@ExecuteOn(TaskExecutors.BLOCKING)
@Requires(beans = AlarmEngine.class)
public class AlarmController {
  /** What an operator may change with PATCH. */
  static final Set<String> PATCHABLE = Set.of("ackState", "ackUserId", "alarmClearedTime", "clearUserId", "comment");

  private final AlarmEngine engine;
  private final ApiCounters counters;
  private final Store history;

  /** @param history the store of every alarm's past states; null where the engine runs without one */
  public AlarmController(AlarmEngine engine, ApiCounters counters, @Nullable Store history) {
    this.engine = engine;
    this.counters = counters;
    this.history = history;
  }

  @Get("/alarm")
  public List<Tmf642Alarm> list(HttpRequest<?> http, @Nullable @QueryValue String state,
      @Nullable @QueryValue String perceivedSeverity, @Nullable @QueryValue String isRootCause) {
    // A caller limited to sites sees theirs only.
    return engine.all().stream().filter(AlarmQuery.parse(state, perceivedSeverity, isRootCause)::matches)
        .filter(a -> Caller.sees(http, a.site())).map(this::view).toList();
  }

  @Get("/alarm/{id}")
  public Tmf642Alarm get(HttpRequest<?> http, String id) {
    return view(scoped(http, id, "reading"));
  }

  @Post("/alarm/{id}/ack")
  public Tmf642Alarm ack(HttpRequest<?> http, String id, @Body OperatorRequest request) {
    scoped(http, id, "acknowledging");
    return view(engine.acknowledge(id, Caller.by(http, request::by)));
  }

  @Post("/alarm/{id}/unack")
  public Tmf642Alarm unack(HttpRequest<?> http, String id, @Body OperatorRequest request) {
    scoped(http, id, "unacknowledging");
    return view(engine.unacknowledge(id, Caller.by(http, request::by)));
  }

  @Post("/alarm/{id}/clear")
  public Tmf642Alarm clear(HttpRequest<?> http, String id, @Body OperatorRequest request) {
    scoped(http, id, "clearing");
    return view(engine.clear(id, Caller.by(http, request::by)));
  }

  @Post("/alarm/{id}/comment")
  public Tmf642Alarm comment(HttpRequest<?> http, String id, @Body CommentRequest request) {
    scoped(http, id, "commenting");
    return view(engine.comment(id, Caller.by(http, request::by), request.text()).alarmId());
  }

  /** The alarm (404 when unknown), or 403 when the caller is limited to other sites. */
  private Alarm scoped(HttpRequest<?> http, String id, String doing) {
    Alarm alarm = engine.get(id).orElseThrow(() -> new UnknownAlarmException(id));
    Caller.requireSite(http, alarm.site(), doing + " alarm " + id);
    return alarm;
  }

  /**
   * TMF642's partial update ({@code application/merge-patch+json}): {@code ackState} with
   * {@code ackUserId}, {@code alarmClearedTime} with {@code clearUserId}, {@code comment} entries
   * appended. Any other field is refused naming it: Sextant owns an alarm's facts.
   */
  @Patch(value = "/alarm/{id}", consumes = {"application/merge-patch+json", MediaType.APPLICATION_JSON})
  public Tmf642Alarm patch(HttpRequest<?> http, String id, @Body Map<String, Object> patch) {
    scoped(http, id, "changing"); // 404 or 403 before anything changes
    Set<String> unknown = new TreeSet<>(patch.keySet());
    unknown.removeAll(PATCHABLE);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("cannot patch " + unknown + ": only " + new TreeSet<>(PATCHABLE)
          + " may be changed; the rest is what Sextant observed");
    }
    if (patch.containsKey("ackState")) {
      String who = Caller.by(http, () -> Bodies.required("ackUserId", text(patch, "ackUserId")));
      switch (String.valueOf(patch.get("ackState"))) {
        case "acknowledged" -> engine.acknowledge(id, who);
        case "unacknowledged" -> engine.unacknowledge(id, who);
        default -> throw new IllegalArgumentException("ackState must be acknowledged or unacknowledged, got '"
            + patch.get("ackState") + "'");
      }
    }
    if (patch.get("alarmClearedTime") != null) {
      engine.clear(id, Caller.by(http, () -> Bodies.required("clearUserId", text(patch, "clearUserId"))));
    }
    if (patch.get("comment") instanceof List<?> comments) {
      for (Object c : comments) {
        if (!(c instanceof Map<?, ?> m)) {
          throw new IllegalArgumentException("comment[] must be objects {comment, userId}");
        }
        engine.comment(id, Caller.by(http, () -> Bodies.required("comment[].userId", str(m.get("userId")))),
            Bodies.required("comment[].comment", str(m.get("comment"))));
      }
    } else if (patch.containsKey("comment")) {
      throw new IllegalArgumentException("comment must be a list of {comment, userId}");
    }
    return view(id);
  }

  /**
   * Every recorded state of an alarm, oldest first (404 for an unknown id): each change of its
   * own; a parent's symptoms joining or leaving it are recorded in the symptoms' histories
   * ({@code GroupCommit} stores a parent's list as their links).
   */
  @Get("/alarm/{id}/history")
  public List<Tmf642Alarm> history(String id) {
    if (history == null) {
      throw new IllegalStateException("this alarm service keeps no history (no store)");
    }
    List<Alarm> states = history.alarmHistory(id);
    if (states.isEmpty()) {
      throw new UnknownAlarmException(id);
    }
    return states.stream().map(a -> Tmf642Alarm.from(a, List.of())).toList();
  }

  /** TMF642 {@code ackAlarms}: acknowledges every open, unacknowledged alarm the patterns match. */
  @Post("/ackAlarms")
  public HttpResponse<AlarmTask> ackAlarms(HttpRequest<?> http, @Body AlarmTask task) {
    String who = Caller.by(http, () -> Bodies.required("ackUserId", task.ackUserId()));
    List<Tmf642Alarm.AlarmRef> done = apply(http, task, a -> !"cleared".equals(a.state())
        && "unacknowledged".equals(a.ackState()), id -> engine.acknowledge(id, who));
    return HttpResponse.created(AlarmTask.ack(task, taskId(), now(), done));
  }

  /** TMF642 {@code unAckAlarms}. */
  @Post("/unAckAlarms")
  public HttpResponse<AlarmTask> unAckAlarms(HttpRequest<?> http, @Body AlarmTask task) {
    String who = Caller.by(http, () -> Bodies.required("ackUserId", task.ackUserId()));
    List<Tmf642Alarm.AlarmRef> done = apply(http, task, a -> "acknowledged".equals(a.ackState()),
        id -> engine.unacknowledge(id, who));
    return HttpResponse.created(AlarmTask.unAck(task, taskId(), now(), done));
  }

  /** TMF642 {@code clearAlarms}: clears every open alarm the patterns match. */
  @Post("/clearAlarms")
  public HttpResponse<AlarmTask> clearAlarms(HttpRequest<?> http, @Body AlarmTask task) {
    String who = Caller.by(http, () -> Bodies.required("clearUserId", task.clearUserId()));
    List<Tmf642Alarm.AlarmRef> done = apply(http, task, a -> !"cleared".equals(a.state()), id -> engine.clear(id, who));
    return HttpResponse.created(AlarmTask.clear(task, taskId(), now(), done));
  }

  /** TMF642 {@code commentAlarms}: the same comment on every alarm the patterns match. */
  @Post("/commentAlarms")
  public HttpResponse<AlarmTask> commentAlarms(HttpRequest<?> http, @Body AlarmTask task) {
    if (task.comment() == null) {
      throw new IllegalArgumentException("comment is required: {\"comment\": ..., \"userId\": ...}");
    }
    String who = Caller.by(http, () -> Bodies.required("comment.userId", task.comment().userId()));
    String text = Bodies.required("comment.comment", task.comment().comment());
    List<Tmf642Alarm.AlarmRef> done = apply(http, task, a -> true, id -> engine.comment(id, who, text));
    return HttpResponse.created(AlarmTask.comment(task, taskId(),
        new Tmf642Alarm.Comment(text, who, now()), done));
  }

  /**
   * Runs {@code op} on every alarm a pattern matches and {@code eligible} keeps; the ones done. A
   * caller limited to sites touches the alarms of those sites only.
   */
  private List<Tmf642Alarm.AlarmRef> apply(HttpRequest<?> http, AlarmTask task, Predicate<Tmf642Alarm> eligible,
      Consumer<String> op) {
    List<AlarmPattern> patterns = AlarmPattern.required(task.alarmPattern());
    List<Tmf642Alarm.AlarmRef> done = new ArrayList<>();
    for (Alarm alarm : engine.all()) {
      if (!Caller.sees(http, alarm.site())) {
        continue;
      }
      Tmf642Alarm a = view(alarm);
      if (eligible.test(a) && patterns.stream().anyMatch(p -> p.matches(a))) {
        op.accept(alarm.id());
        done.add(Tmf642Alarm.AlarmRef.to(alarm.id()));
      }
    }
    return done;
  }

  private String now() {
    return engine.clock().instant().toString();
  }

  private static String taskId() {
    return UUID.randomUUID().toString();
  }

  private static String text(Map<String, Object> m, String key) {
    return str(m.get(key));
  }

  private static String str(Object o) {
    return o == null ? null : String.valueOf(o);
  }

  /** TMF642 {@code groupAlarms}: 201 with the task, {@code state: done}. */
  @Post("/groupAlarms")
  public HttpResponse<GroupRequest> group(HttpRequest<?> http, @Body GroupRequest request) {
    scopedAll(http, request, "grouping");
    engine.group(request.parentId(), request.childIds(), Caller.by(http, request::by));
    return HttpResponse.created(request.done());
  }

  /** TMF642 {@code unGroupAlarms}: 201 with the task, {@code state: done}. */
  @Post("/unGroupAlarms")
  public HttpResponse<GroupRequest> ungroup(HttpRequest<?> http, @Body GroupRequest request) {
    scopedAll(http, request, "ungrouping");
    engine.ungroup(request.parentId(), request.childIds(), Caller.by(http, request::by));
    return HttpResponse.created(request.done());
  }

  @Error(exception = UnknownAlarmException.class)
  public HttpResponse<ApiError> unknown(UnknownAlarmException e) {
    counters.reject("unknown_alarm");
    return error(HttpStatus.NOT_FOUND, e.getMessage());
  }

  @Error(exception = IllegalStateException.class)
  public HttpResponse<ApiError> unavailable(IllegalStateException e) {
    counters.reject("unavailable");
    return error(HttpStatus.NOT_IMPLEMENTED, e.getMessage());
  }

  /** Any endpoint on the port: the change was made but not stored in time (or the store is down). */
  @Error(exception = StoreException.class, global = true)
  public HttpResponse<ApiError> storeUnavailable(StoreException e) {
    counters.reject("store_unavailable");
    return error(e.retryable() ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.INTERNAL_SERVER_ERROR, e.getMessage());
  }

  @Error(exception = IllegalTransitionException.class)
  public HttpResponse<ApiError> conflict(IllegalTransitionException e) {
    counters.reject("illegal_transition");
    return error(HttpStatus.CONFLICT, e.getMessage());
  }

  @Error(exception = IllegalArgumentException.class)
  public HttpResponse<ApiError> badRequest(IllegalArgumentException e) {
    counters.reject("invalid_request");
    return error(HttpStatus.BAD_REQUEST, e.getMessage());
  }

  // Body binding fails before our code runs; answer in the same shape as every other error.
  @Error(exception = JsonSyntaxException.class)
  public HttpResponse<ApiError> badJson(JsonSyntaxException e) {
    counters.reject("invalid_json");
    return error(HttpStatus.BAD_REQUEST, "request body is not valid JSON: " + e.getMessage());
  }

  @Error(exception = UnsatisfiedRouteException.class)
  public HttpResponse<ApiError> missing(UnsatisfiedRouteException e) {
    counters.reject("missing_field");
    return error(HttpStatus.BAD_REQUEST, e.getMessage());
  }

  @Error(exception = ConversionErrorException.class)
  public HttpResponse<ApiError> unreadable(ConversionErrorException e) {
    counters.reject("malformed_field");
    return error(HttpStatus.BAD_REQUEST, "request field '" + e.getArgument().getName() + "' is malformed: "
        + e.getConversionError().getCause().getMessage());
  }

  private void scopedAll(HttpRequest<?> http, GroupRequest request, String doing) {
    scoped(http, request.parentId(), doing);
    request.childIds().forEach(c -> scoped(http, c, doing));
  }

  private Tmf642Alarm view(String alarmId) {
    return view(engine.get(alarmId).orElseThrow(() -> new UnknownAlarmException(alarmId)));
  }

  private Tmf642Alarm view(Alarm alarm) {
    return Tmf642Alarm.from(alarm, engine.notes(alarm.id()));
  }

  static HttpResponse<ApiError> error(HttpStatus status, String message) {
    return HttpResponse.<ApiError>status(status).body(new ApiError(status.getCode(), message));
  }
}
