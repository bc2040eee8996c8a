package io.sextant.collector.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The edge's own metrics: Micrometer's Prometheus registry with the process's footprint bound, the
 * parts' counters (read from the objects that keep them at scrape time), and gauge families whose
 * label values come and go (a pushed model, a learned rule's metric), refreshed in one pass before
 * each scrape rather than read per series. Thread-safe.
 */
public final class EdgeMeters implements AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ProcessMetrics process = new ProcessMetrics();
  private final List<Runnable> refreshes = new CopyOnWriteArrayList<>();

  public EdgeMeters() {
    process.bindTo(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /**
   * A gauge family whose rows (label values of {@code key}, and their values) {@code rows} gives
   * afresh before each scrape: rows that vanished are removed.
   */
  public void gauges(String name, String help, Supplier<Map<Tags, ? extends Number>> rows) {
    MultiGauge g = MultiGauge.builder(name).description(help).register(registry);
    refreshes.add(() -> g.register(rows.get().entrySet().stream()
        .map(e -> MultiGauge.Row.of(e.getKey(), e.getValue())).toList(), true));
  }

  /** The text exposition format 0.0.4. */
  public synchronized String scrape() {
    refreshes.forEach(Runnable::run);
    return registry.scrape();
  }

  @Override
  public void close() {
    process.close();
    registry.close();
  }
}
