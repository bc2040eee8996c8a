package io.sextant.node.central;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.sextant.common.model.HealthSeries;
import io.sextant.common.model.Sample;
import io.sextant.node.central.http.ApiCalls;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The centre's health series ({@link HealthSeries}): a few of its own meters, read once a tick,
 * as samples of the centre's site under the names {@code /metrics} shows them, labelled
 * {@code resource="process:<site>/central"}, plus its resident memory and heap in use. The centre
 * writes them into its store itself (they do not travel the bus).
 */
final class CentralHealth {
  /**
   * The meters taken: samples ingested per site (a counter: the ingest rate is its rate), each
   * served site's ingest lag and silence, notifications by receiver and outcome, HTTP answers by
   * status, alarms open, actions in flight and awaiting approval.
   */
  static final Set<String> METERS = Set.of(CentralMetrics.INGESTED, "sextant_central_ingest_lag_seconds",
      "sextant_central_site_silent_seconds", CentralMetrics.NOTIFICATIONS, ApiCalls.METRIC,
      "sextant_central_alarms_open", "sextant_central_actions_in_flight", "sextant_central_actions_awaiting_approval");

  private CentralHealth() {}

  static List<Sample> take(MeterRegistry registry, String site, Instant time) {
    List<Sample> out = new ArrayList<>();
    for (Meter m : registry.getMeters()) {
      String name = m.getId().getName();
      if (METERS.contains(name)) {
        Map<String, String> labels = new TreeMap<>();
        for (Tag t : m.getId().getTags()) {
          labels.put(t.getKey(), t.getValue());
        }
        // Stored under the name /metrics shows: Prometheus' naming adds _total to a counter's.
        boolean counter = m instanceof io.micrometer.core.instrument.Counter || m instanceof FunctionCounter;
        add(out, HealthSeries.sample(site, HealthSeries.CENTRE, time, counter ? name + "_total" : name, labels,
            m.measure().iterator().next().getValue()));
      }
    }
    add(out, HealthSeries.sample(site, HealthSeries.CENTRE, time, HealthSeries.RSS, Map.of(), HealthSeries.rssBytes()));
    add(out, HealthSeries.sample(site, HealthSeries.CENTRE, time, HealthSeries.HEAP_USED, Map.of(),
        HealthSeries.heapUsedBytes()));
    return out;
  }

  private static void add(List<Sample> out, Sample s) {
    if (s != null) {
      out.add(s);
    }
  }
}
