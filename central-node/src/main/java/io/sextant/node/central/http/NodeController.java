package io.sextant.node.central.http;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The node itself: {@code /healthz} (the process answers), {@code /readyz} (its parts are up:
 * 503 naming what is not), {@code /metrics} (Prometheus text) and {@code /openapi.yaml} (the
 * document of every endpoint on this port).
 */
@Controller
public class NodeController {
  /** Prometheus' text exposition format. */
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final Readiness readiness;
  private final PrometheusMeterRegistry metrics;
  private final String openapi;

  public NodeController(Readiness readiness, PrometheusMeterRegistry metrics) {
    this.readiness = readiness;
    this.metrics = metrics;
    this.openapi = resource("/openapi.yaml");
  }

  @Get("/healthz")
  public Map<String, String> healthz() {
    return Map.of("status", "ok");
  }

  @Get("/readyz")
  public HttpResponse<Map<String, Object>> readyz() {
    Map<String, String> problems = readiness.problems();
    return problems.isEmpty() ? HttpResponse.ok(Map.of("status", "ready"))
        : HttpResponse.<Map<String, Object>>status(HttpStatus.SERVICE_UNAVAILABLE)
            .body(Map.of("status", "not ready", "problems", problems));
  }

  @Get("/metrics")
  @Produces(PROMETHEUS_TEXT)
  public String metrics() {
    return metrics.scrape();
  }

  @Get("/openapi.yaml")
  @Produces("application/yaml")
  public String openapi() {
    return openapi;
  }

  private static String resource(String name) {
    try (InputStream in = NodeController.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the central node's jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
