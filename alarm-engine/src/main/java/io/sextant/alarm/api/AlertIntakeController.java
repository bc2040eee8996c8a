package io.sextant.alarm.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.annotation.Post;
import io.sextant.alarm.ingest.AlertIntake;
import io.sextant.alarm.ingest.IntakeResult;
import io.sextant.alarm.ingest.Rejection;
import io.sextant.common.store.StoreException;
import java.util.stream.Collectors;

/**
 * Alertmanager v2 {@code POST /api/v2/alerts}, so Prometheus (its {@code alerting.alertmanagers})
 * and amtool can send to Sextant. As Alertmanager does, the good alerts of a batch are taken even
 * when some are rejected; the answer is then 400 with every rejection's message.
 */
@Controller("/api/v2")
// A change returns once the store has it (group commit): wait on a blocking thread, never on the event loop.
@ExecuteOn(TaskExecutors.BLOCKING)
@Requires(beans = AlertIntake.class)
public class AlertIntakeController {
  private final AlertIntake intake;

  public AlertIntakeController(AlertIntake intake) {
    this.intake = intake;
  }

  // Raw bytes: the intake parses and validates each alert itself, so one malformed alert is a
  // counted rejection with its index, not a framework binding error for the whole batch.
  @Post("/alerts")
  @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.ALL})
  public HttpResponse<ApiError> post(@Body byte[] body) {
    IntakeResult result;
    try {
      result = intake.post(body == null ? new byte[0] : body);
    } catch (StoreException e) {
      // Prometheus retries a 5xx; the resend is dropped as a redelivery once stored.
      return AlarmController.error(HttpStatus.SERVICE_UNAVAILABLE, "alerts taken but not yet stored, retry: "
          + e.getMessage());
    }
    if (result.ok()) {
      return HttpResponse.ok();
    }
    String message = result.rejected().stream().map(Rejection::message).collect(Collectors.joining("; "));
    return AlarmController.error(HttpStatus.BAD_REQUEST,
        result.accepted() + " alerts accepted, " + result.rejected().size() + " rejected: " + message);
  }

  // Raised while the body is read, before post() runs; answered in the API's error shape.
  @Error(exception = ContentLengthExceededException.class)
  public HttpResponse<ApiError> tooLarge(ContentLengthExceededException e) {
    intake.tooLarge();
    return AlarmController.error(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "request body over the intake's limit of "
        + AlertIntake.MAX_BODY_BYTES + " bytes; send fewer alerts a request: " + e.getMessage());
  }
}
