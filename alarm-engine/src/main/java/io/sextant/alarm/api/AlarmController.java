package io.sextant.alarm.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonSyntaxException;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;
import io.sextant.alarm.AlarmEngine;
import io.sextant.alarm.UnknownAlarmException;
import io.sextant.alarm.lifecycle.IllegalTransitionException;
import io.sextant.common.model.Alarm;
import java.util.List;

/**
 * TMF642 alarm resource. Operations are {@code POST /{id}/ack|unack|clear|comment} rather than
 * TMF642's task resources: one alarm per call is what the console and the runbooks need. Errors,
 * all as {@link ApiError}: unknown id 404, bad input (filter value, missing or malformed body) 400,
 * a move the lifecycle forbids 409.
 */
@Controller(Tmf642.API_PATH)
@Requires(beans = AlarmEngine.class)
public class AlarmController {
  private final AlarmEngine engine;
  private final ApiCounters counters;

  public AlarmController(AlarmEngine engine, ApiCounters counters) {
    this.engine = engine;
    this.counters = counters;
  }

  @Get("/alarm")
  public List<Tmf642Alarm> list(@Nullable @QueryValue String state, @Nullable @QueryValue String perceivedSeverity,
      @Nullable @QueryValue String isRootCause) {
    return engine.all().stream().filter(AlarmQuery.parse(state, perceivedSeverity, isRootCause)::matches)
        .map(this::view).toList();
  }

  @Get("/alarm/{id}")
  public Tmf642Alarm get(String id) {
    return view(id);
  }

  @Post("/alarm/{id}/ack")
  public Tmf642Alarm ack(String id, @Body OperatorRequest request) {
    return view(engine.acknowledge(id, request.by()));
  }

  @Post("/alarm/{id}/unack")
  public Tmf642Alarm unack(String id, @Body OperatorRequest request) {
    return view(engine.unacknowledge(id, request.by()));
  }

  @Post("/alarm/{id}/clear")
  public Tmf642Alarm clear(String id, @Body OperatorRequest request) {
    return view(engine.clear(id, request.by()));
  }

  @Post("/alarm/{id}/comment")
  public Tmf642Alarm comment(String id, @Body CommentRequest request) {
    return view(engine.comment(id, request.by(), request.text()).alarmId());
  }

  /** TMF642 {@code groupAlarms}: 201 with the task, {@code state: done}. */
  @Post("/groupAlarms")
  public HttpResponse<GroupRequest> group(@Body GroupRequest request) {
    engine.group(request.parentId(), request.childIds(), request.by());
    return HttpResponse.created(request.done());
  }

  /** TMF642 {@code unGroupAlarms}: 201 with the task, {@code state: done}. */
  @Post("/unGroupAlarms")
  public HttpResponse<GroupRequest> ungroup(@Body GroupRequest request) {
    engine.ungroup(request.parentId(), request.childIds(), request.by());
    return HttpResponse.created(request.done());
  }

  @Error(exception = UnknownAlarmException.class)
  public HttpResponse<ApiError> unknown(UnknownAlarmException e) {
    counters.reject("unknown_alarm");
    return error(HttpStatus.NOT_FOUND, e.getMessage());
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
