package io.sextant.collector.metrics;

import io.sextant.collector.Collector;
import io.sextant.collector.metrics.MetricsRegistry.Point;
import io.sextant.collector.metrics.MetricsRegistry.Type;
import io.sextant.collector.outbox.DropReason;
import io.sextant.collector.outbox.Outbox;
import io.sextant.collector.outbox.Priority;
import io.sextant.collector.source.otlp.OtlpHttpReceiver;
import io.sextant.collector.source.prometheus.PrometheusScrapeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Registers the counters of the edge's parts under {@code sextant_*} names. */
public final class CollectorMetrics {
  private CollectorMetrics() {}

  public static void bind(MetricsRegistry r, Collector c) {
    r.single("sextant_collector_samples_accepted_total", "Samples that passed validation.", Type.COUNTER, c::accepted);
    r.register("sextant_collector_samples_rejected_total", "Samples rejected, by reason.", Type.COUNTER, () -> {
      List<Point> out = new ArrayList<>();
      c.rejectedByReason().forEach((reason, n) -> out.add(new Point(Map.of("reason", lower(reason)), n)));
      return out;
    });
  }

  public static void bind(MetricsRegistry r, Outbox o) {
    r.register("sextant_outbox_depth", "Entries waiting in the outbox, by class.", Type.GAUGE,
        () -> perClass(p -> (double) o.depth(p)));
    r.single("sextant_outbox_bytes", "Encoded bytes held by the outbox (the size bound applies to this).",
        Type.GAUGE, o::bytes);
    r.register("sextant_outbox_oldest_age_seconds", "Age of the oldest entry, by class (0 when empty).", Type.GAUGE,
        () -> perClass(p -> o.oldestAge(p).map(d -> d.toMillis() / 1000.0).orElse(0.0)));
    r.register("sextant_outbox_dropped_total", "Entries dropped before sending, by class and reason.", Type.COUNTER,
        () -> {
          List<Point> out = new ArrayList<>();
          for (Priority p : Priority.values()) {
            for (DropReason d : DropReason.values()) {
              out.add(new Point(Map.of("class", lower(p), "reason", lower(d)), o.dropped(p, d)));
            }
          }
          return out;
        });
    r.single("sextant_outbox_appended_total", "Entries appended.", Type.COUNTER, o::appended);
    r.single("sextant_outbox_sent_total", "Entries the bus took.", Type.COUNTER, o::sent);
    r.single("sextant_outbox_send_failures_total", "Sends that failed and will be retried.", Type.COUNTER,
        o::sendFailures);
  }

  public static void bind(MetricsRegistry r, OtlpHttpReceiver otlp) {
    r.single("sextant_otlp_requests_accepted_total", "OTLP export requests accepted.", Type.COUNTER, otlp::accepted);
    r.single("sextant_otlp_samples_total", "Samples mapped from OTLP.", Type.COUNTER, otlp::samplesReceived);
    r.single("sextant_otlp_buffer_dropped_total", "OTLP samples dropped because the collector fell behind.",
        Type.COUNTER, otlp::bufferDrops);
    r.register("sextant_otlp_requests_refused_total", "OTLP requests refused, by reason.", Type.COUNTER, () -> {
      List<Point> out = new ArrayList<>();
      for (OtlpHttpReceiver.Refusal why : OtlpHttpReceiver.Refusal.values()) {
        out.add(new Point(Map.of("reason", lower(why)), otlp.refused(why)));
      }
      return out;
    });
  }

  public static void bind(MetricsRegistry r, List<PrometheusScrapeSource> targets) {
    r.register("sextant_scrape_total", "Scrapes attempted, by target.", Type.COUNTER,
        () -> perTarget(targets, t -> (double) t.scrapes()));
    r.register("sextant_scrape_failures_total", "Scrapes that failed, by target.", Type.COUNTER,
        () -> perTarget(targets, t -> (double) t.failures()));
    r.register("sextant_scrape_parse_errors_total", "Exposition lines rejected, by target.", Type.COUNTER,
        () -> perTarget(targets, t -> (double) t.parseErrors()));
    r.register("sextant_scrape_stale_series_total", "Series that disappeared from a target.", Type.COUNTER,
        () -> perTarget(targets, t -> (double) t.staleSeries()));
    r.register("sextant_scrape_counter_resets_total", "Counter resets seen, by target.", Type.COUNTER,
        () -> perTarget(targets, t -> (double) t.counterResets()));
  }

  private static List<Point> perClass(java.util.function.Function<Priority, Double> f) {
    List<Point> out = new ArrayList<>();
    for (Priority p : Priority.values()) {
      out.add(new Point(Map.of("class", lower(p)), f.apply(p)));
    }
    return out;
  }

  private static List<Point> perTarget(List<PrometheusScrapeSource> targets,
      java.util.function.Function<PrometheusScrapeSource, Double> f) {
    List<Point> out = new ArrayList<>();
    for (PrometheusScrapeSource t : targets) {
      out.add(new Point(Map.of("target", t.name()), f.apply(t)));
    }
    return out;
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}
