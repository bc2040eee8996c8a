package io.sextant.node.central.http;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.sextant.alarm.api.Caller;
import io.sextant.node.central.view.Views;
import java.util.List;
import java.util.function.Predicate;

/**
 * The read views a console draws: {@code GET /api/v1/topology} (sites, routers, links with their
 * state, probe paths with their loss), {@code /api/v1/diagnoses} (with their evidence) and
 * {@code /api/v1/incidents} (detect, locate, mitigate and verify times), each limited to the sites
 * of the caller's token ({@link Views}: what touches one of them).
 */
@Controller("/api/v1")
@Requires(beans = CentralApi.class)
public class ViewController {
  private final Views views;

  public ViewController(CentralApi api) {
    this.views = api.views();
  }

  @Get("/topology")
  public Views.TopologyView topology(HttpRequest<?> http) {
    return views.topology(sites(http));
  }

  @Get("/diagnoses")
  public List<Views.DiagnosisView> diagnoses(HttpRequest<?> http) {
    return views.diagnoses(sites(http));
  }

  @Get("/incidents")
  public List<Views.IncidentView> incidents(HttpRequest<?> http) {
    return views.incidents(sites(http));
  }

  /** The sites the caller's token covers (all without tokens or limits). */
  private static Predicate<String> sites(HttpRequest<?> http) {
    return site -> Caller.sees(http, site);
  }
}
