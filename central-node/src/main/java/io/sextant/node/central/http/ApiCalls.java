package io.sextant.node.central.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Counts every answer of the centre's HTTP port by status ({@code sextant_central_api_requests_total{status}}),
 * errors included: a client refused (4xx) or the centre failing (5xx) shows on /metrics and in
 * the centre's health series.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class ApiCalls {
  public static final String METRIC = "sextant_central_api_requests";

  private final PrometheusMeterRegistry metrics;

  public ApiCalls(PrometheusMeterRegistry metrics) {
    this.metrics = metrics;
  }

  @ResponseFilter
  public void count(MutableHttpResponse<?> response) {
    Counter.builder(METRIC).description("Requests answered on the centre's HTTP port, by status.")
        .tag("status", Integer.toString(response.code())).register(metrics).increment();
  }
}
