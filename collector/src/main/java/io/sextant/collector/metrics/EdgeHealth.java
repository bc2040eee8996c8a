package io.sextant.collector.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.sextant.common.model.HealthSeries;
import io.sextant.common.model.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The edge's health series ({@link HealthSeries}): a few of its own meters, read from its
 * registry once a window, as samples of its site under the names {@code /metrics} shows them,
 * labelled {@code resource="process:<site>/edge"}, plus its resident memory and heap in use.
 */
public final class EdgeHealth {
  /**
   * The meters taken: what tells whether the edge keeps up and gets its data to the centre (the
   * outbox's depth and age per class, what it appended, sent and dropped, the link), what it
   * collects and rejects, the detections it raised, the scrapes that failed, the windows skipped.
   */
  public static final Set<String> METERS = Set.of(CollectorMetrics.OUTBOX_DEPTH, "sextant_outbox_oldest_age_seconds",
      "sextant_outbox_sent_total", "sextant_outbox_dropped_total", "sextant_uplink_link_up",
      "sextant_collector_samples_accepted_total", "sextant_collector_samples_rejected_total",
      "sextant_upload_samples_total", "sextant_upload_detections_total", "sextant_scrape_failures_total",
      "sextant_edge_windows_skipped_total");

  private EdgeHealth() {}

  /** The health samples of {@code site}'s edge, stamped {@code time} (the window's end). */
  public static List<Sample> take(MeterRegistry registry, String site, Instant time) {
    List<Sample> out = new ArrayList<>();
    for (Meter m : registry.getMeters()) {
      if (METERS.contains(m.getId().getName())) {
        Map<String, String> labels = new TreeMap<>();
        for (Tag t : m.getId().getTags()) {
          labels.put(t.getKey(), t.getValue());
        }
        add(out, HealthSeries.sample(site, HealthSeries.EDGE, time, m.getId().getName(), labels,
            m.measure().iterator().next().getValue()));
      }
    }
    add(out, HealthSeries.sample(site, HealthSeries.EDGE, time, HealthSeries.RSS, Map.of(), HealthSeries.rssBytes()));
    add(out, HealthSeries.sample(site, HealthSeries.EDGE, time, HealthSeries.HEAP_USED, Map.of(),
        HealthSeries.heapUsedBytes()));
    return out;
  }

  private static void add(List<Sample> out, Sample s) {
    if (s != null) {
      out.add(s);
    }
  }
}
