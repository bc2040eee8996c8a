package io.sextant.node.central.http;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.sextant.alarm.api.ApiError;
import io.sextant.alarm.api.Caller;
import io.sextant.node.central.view.Kpis;
import java.time.Duration;
import java.util.List;

/**
 * A site's KPIs for the console's charts: {@code GET /api/v1/kpis/{site}} (the metrics it has) and
 * {@code GET /api/v1/kpis/{site}/{metric}?minutes=30} (the series up to the centre's now, with
 * their detections). A range out of bounds is 400; a site outside the caller's token's sites 403.
 */
@Controller("/api/v1/kpis")
@Requires(beans = Kpis.class)
public class KpiController {
  static final int DEFAULT_MINUTES = 30;
  private final Kpis kpis;

  public KpiController(Kpis kpis) {
    this.kpis = kpis;
  }

  @Get("/{site}")
  public List<String> metrics(HttpRequest<?> http, String site) {
    Caller.requireSite(http, site, "reading KPIs");
    return kpis.metrics(site);
  }

  @Get("/{site}/{metric}")
  public Kpis.Chart chart(HttpRequest<?> http, String site, String metric, @Nullable @QueryValue Integer minutes) {
    Caller.requireSite(http, site, "reading KPIs");
    return kpis.chart(site, metric, Duration.ofMinutes(minutes == null ? DEFAULT_MINUTES : minutes));
  }

  @Error(exception = IllegalArgumentException.class)
  public HttpResponse<ApiError> badRequest(IllegalArgumentException e) {
    return OperatorController.error(HttpStatus.BAD_REQUEST, e.getMessage());
  }
}
