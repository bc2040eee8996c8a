package io.sextant.alarm.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.sextant.alarm.ingest.AlertIntake;
import io.sextant.alarm.ingest.IntakeResult;
import io.sextant.alarm.ingest.Rejection;
import java.util.stream.Collectors;

/**
 * Alertmanager v2 {@code POST /api/v2/alerts}, so Prometheus (its {@code alerting.alertmanagers})
 * and amtool can send to Sextant. As Alertmanager does, the good alerts of a batch are taken even
 * when some are rejected; the answer is then 400 with every rejection's message.
 */
@Controller("/api/v2")
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
    IntakeResult result = intake.post(body == null ? new byte[0] : body);
    if (result.ok()) {
      return HttpResponse.ok();
    }
    String message = result.rejected().stream().map(Rejection::message).collect(Collectors.joining("; "));
    return AlarmController.error(HttpStatus.BAD_REQUEST,
        result.accepted() + " alerts accepted, " + result.rejected().size() + " rejected: " + message);
  }
}
