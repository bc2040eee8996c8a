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
import io.sextant.alarm.api.Caller;
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
  public record Decision(@Nullable String by, @Nullable String reason) {}

  /** Marks an alarm as a false alarm. */
  @Serdeable
  public record FalseAlarm(String alarmId, @Nullable String by, @Nullable String note) {}

  @Get("/actions")
  public List<CentralApi.ActionView> actions(HttpRequest<?> http, @Nullable @QueryValue Boolean pending) {
    return api.actions(Boolean.TRUE.equals(pending)).stream().filter(a -> Caller.sees(http, a.site())).toList();
  }

  @Get("/actions/{id}")
  public CentralApi.ActionView action(HttpRequest<?> http, String id) {
    return scoped(http, id, "reading");
  }

  @Post("/actions/{id}/approve")
  public CentralApi.ActionView approve(HttpRequest<?> http, String id, @Body Decision d) {
    scoped(http, id, "approving");
    return api.approve(id, Caller.by(http, d::by));
  }

  @Post("/actions/{id}/deny")
  public CentralApi.ActionView deny(HttpRequest<?> http, String id, @Body Decision d) {
    scoped(http, id, "denying");
    return api.deny(id, Caller.by(http, d::by), d.reason());
  }

  @Post("/feedback/false-alarm")
  public FeedbackLabel falseAlarm(HttpRequest<?> http, @Body FalseAlarm f) {
    return api.falseAlarm(f.alarmId(), Caller.by(http, f::by), f.note(),
        site -> Caller.requireSite(http, site, "marking alarm " + f.alarmId()));
  }

  /** The action (404 when unknown), or 403 when the caller is limited to other sites. */
  private CentralApi.ActionView scoped(HttpRequest<?> http, String id, String doing) {
    CentralApi.ActionView a = api.action(id);
    Caller.requireSite(http, a.site(), doing + " action " + id);
    return a;
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
