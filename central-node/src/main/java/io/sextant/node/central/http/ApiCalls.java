package io.sextant.node.central.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Counts every answer of the centre's HTTP port by status ({@code sextant_central_api_requests_total{status}}),
 * errors included: a client refused (4xx) or the centre failing (5xx) shows on /metrics and in
 * the centre's health series.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class ApiCalls {
  public static final String METRIC = "sextant_central_api_requests";

  private final PrometheusMeterRegistry metrics;
  /** The counter of each status once registered: every answer counts, so no registry lookup an answer. */
  private final AtomicReferenceArray<Counter> byStatus = new AtomicReferenceArray<>(600);

  public ApiCalls(PrometheusMeterRegistry metrics) {
    this.metrics = metrics;
  }

  @ResponseFilter
  public void count(MutableHttpResponse<?> response) {
    int code = response.code();
    Counter counter = code >= 0 && code < byStatus.length() ? byStatus.get(code) : null;
    if (counter == null) {
      counter = Counter.builder(METRIC).description("Requests answered on the centre's HTTP port, by status.")
          .tag("status", Integer.toString(code)).register(metrics);
      if (code >= 0 && code < byStatus.length()) {
        byStatus.set(code, counter);
      }
    }
    counter.increment();
  }
}
