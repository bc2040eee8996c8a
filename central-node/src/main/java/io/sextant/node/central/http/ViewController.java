package io.sextant.node.central.http;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.sextant.node.central.view.Views;
import java.util.List;

/**
 * The read views a console draws: {@code GET /api/v1/topology} (sites, routers, links with their
 * state, probe paths with their loss), {@code /api/v1/diagnoses} (with their evidence) and
 * {@code /api/v1/incidents} (detect, locate, mitigate and verify times).
 */
@Controller("/api/v1")
@Requires(beans = CentralApi.class)
public class ViewController {
  private final Views views;

  public ViewController(CentralApi api) {
    this.views = api.views();
  }

  @Get("/topology")
  public Views.TopologyView topology() {
    return views.topology();
  }

  @Get("/diagnoses")
  public List<Views.DiagnosisView> diagnoses() {
    return views.diagnoses();
  }

  @Get("/incidents")
  public List<Views.IncidentView> incidents() {
    return views.incidents();
  }
}
