package io.sextant.node.central.http;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.serde.annotation.Serdeable;
import io.sextant.alarm.api.ApiError;
import io.sextant.store.registry.FeedbackLabel;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The operators' actions on the closed loop and their feedback: {@code GET /api/v1/actions}
 * ({@code ?pending=true} for those awaiting approval), {@code GET /api/v1/actions/{id}},
 * {@code POST /api/v1/actions/{id}/approve|deny}, {@code POST /api/v1/feedback/false-alarm}.
 * Unknown id 404, an action not awaiting approval 409, a missing {@code by} 400.
 */
@Controller("/api/v1")
@Requires(beans = CentralApi.class)
public class OperatorController {
  private final CentralApi api;

  public OperatorController(CentralApi api) {
    this.api = api;
  }

  /** Who decides, and why (a denial's reason goes into the audit log). */
  @Serdeable
  public record Decision(String by, @Nullable String reason) {}

  /** Marks an alarm as a false alarm. */
  @Serdeable
  public record FalseAlarm(String alarmId, String by, @Nullable String note) {}

  @Get("/actions")
  public List<CentralApi.ActionView> actions(@Nullable @QueryValue Boolean pending) {
    return api.actions(Boolean.TRUE.equals(pending));
  }

  @Get("/actions/{id}")
  public CentralApi.ActionView action(String id) {
    return api.action(id);
  }

  @Post("/actions/{id}/approve")
  public CentralApi.ActionView approve(String id, @Body Decision d) {
    return api.approve(id, d.by());
  }

  @Post("/actions/{id}/deny")
  public CentralApi.ActionView deny(String id, @Body Decision d) {
    return api.deny(id, d.by(), d.reason());
  }

  @Post("/feedback/false-alarm")
  public FeedbackLabel falseAlarm(@Body FalseAlarm f) {
    return api.falseAlarm(f.alarmId(), f.by(), f.note());
  }

  @Error(exception = NoSuchElementException.class)
  public HttpResponse<ApiError> notFound(HttpRequest<?> request, NoSuchElementException e) {
    return error(HttpStatus.NOT_FOUND, e.getMessage());
  }

  @Error(exception = IllegalStateException.class)
  public HttpResponse<ApiError> conflict(HttpRequest<?> request, IllegalStateException e) {
    return error(HttpStatus.CONFLICT, e.getMessage());
  }

  @Error(exception = IllegalArgumentException.class)
  public HttpResponse<ApiError> badRequest(HttpRequest<?> request, IllegalArgumentException e) {
    return error(HttpStatus.BAD_REQUEST, e.getMessage());
  }

  static HttpResponse<ApiError> error(HttpStatus status, String message) {
    return HttpResponse.<ApiError>status(status).body(new ApiError(status.getCode(), message));
  }
}
