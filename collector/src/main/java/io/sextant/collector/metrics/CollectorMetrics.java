package io.sextant.collector.metrics;

import io.sextant.collector.Collector;
import io.sextant.collector.metrics.MetricsRegistry.Point;
import io.sextant.collector.metrics.MetricsRegistry.Type;
import io.sextant.collector.outbox.DropReason;
import io.sextant.collector.outbox.Outbox;
import io.sextant.collector.outbox.Priority;
import io.sextant.collector.source.otlp.OtlpHttpReceiver;
import io.sextant.collector.policy.UploadPolicyEngine;
import io.sextant.collector.source.prometheus.PrometheusScrapeSource;
import io.sextant.collector.uplink.EdgeUplink;
import io.sextant.common.model.UploadPolicy;
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

  /** The uplink's own families plus those of its outbox and upload policy. */
  public static void bind(MetricsRegistry r, EdgeUplink u) {
    bind(r, u.outbox());
    bind(r, u.policy());
    r.single("sextant_uplink_link_up", "1 while the bus takes what is sent, 0 after a refused send until a round succeeds.",
        Type.GAUGE, () -> u.linkUp() ? 1 : 0);
    r.single("sextant_uplink_backoff_seconds", "Backoff being waited before the next send attempt (0 when healthy).",
        Type.GAUGE, () -> u.currentBackoff().toMillis() / 1000.0);
    r.register("sextant_uplink_drain_rounds_total", "Drain rounds, by outcome.", Type.COUNTER, () -> List.of(
        new Point(Map.of("outcome", "ok"), u.roundsOk()), new Point(Map.of("outcome", "failed"), u.roundsFailed())));
    r.single("sextant_uplink_append_failures_total", "Messages for the centre lost because the outbox could not commit them.",
        Type.COUNTER, u::appendFailures);
    r.single("sextant_uplink_policy_failures_total", "Windows and audit events withheld because the upload policy failed on them.",
        Type.COUNTER, u::policyFailures);
    r.single("sextant_uplink_policies_undecodable_total", "Upload policies received that could not be decoded (ignored).",
        Type.COUNTER, u::policiesUndecodable);
    r.single("sextant_uplink_policy_subscribed", "1 once the uplink receives upload policies from the bus.",
        Type.GAUGE, () -> u.policySubscribed() ? 1 : 0);
  }

  public static void bind(MetricsRegistry r, UploadPolicyEngine p) {
    r.register("sextant_upload_samples_total", "Samples seen by the upload policy, by the mode of their series.",
        Type.COUNTER, () -> perMode(p::samples));
    r.register("sextant_upload_detections_total", "Detections seen by the upload policy, by mode (local_only stay at the site).",
        Type.COUNTER, () -> perMode(p::detections));
    r.single("sextant_upload_aggregate_samples_total", "Derived aggregate samples emitted for AGGREGATE series.",
        Type.COUNTER, p::aggregatesEmitted);
    r.single("sextant_upload_aggregate_late_total", "Points of AGGREGATE series that came after their window closed.",
        Type.COUNTER, p::aggregateLate);
    r.single("sextant_upload_labels_redacted_total", "Label values replaced by a keyed hash before upload.",
        Type.COUNTER, p::labelsRedacted);
    r.single("sextant_upload_aggregate_open_series", "Series of AGGREGATE mode with an open window.", Type.GAUGE,
        p::aggregateOpenSeries);
    r.single("sextant_upload_aggregate_state_bytes",
        "Size of the open aggregate windows as last saved with a window's messages (0: none).", Type.GAUGE,
        p::aggregateStateBytes);
    r.single("sextant_upload_aggregate_state_unreadable",
        "1 when the saved open aggregate windows could not be read at start (they were dropped).", Type.GAUGE,
        p::aggregateStateUnreadable);
    r.single("sextant_upload_action_events_total", "Audit events of local actions that went through the policy.",
        Type.COUNTER, p::actionEvents);
    r.single("sextant_upload_action_events_redacted_total",
        "Audit events in which a target, verify resource or parameter was replaced by its keyed hash.",
        Type.COUNTER, p::actionEventsRedacted);
    r.single("sextant_upload_action_details_withheld_total",
        "Audit events sent without their detail (the action concerns a resource with local-only series).",
        Type.COUNTER, p::actionDetailsWithheld);
    r.single("sextant_upload_policy_version", "Version of the upload policy applied (-1: none yet, all raw).",
        Type.GAUGE, () -> p.current().map(UploadPolicy::version).orElse(-1L));
    r.register("sextant_upload_policies_received_total", "Upload policies received, by outcome.", Type.COUNTER, () -> {
      List<Point> out = new ArrayList<>();
      for (UploadPolicyEngine.Outcome o : UploadPolicyEngine.Outcome.values()) {
        out.add(new Point(Map.of("outcome", lower(o)), p.policies(o)));
      }
      return out;
    });
  }

  private static List<Point> perMode(java.util.function.Function<UploadPolicy.Mode, Long> f) {
    List<Point> out = new ArrayList<>();
    for (UploadPolicy.Mode m : UploadPolicy.Mode.values()) {
      out.add(new Point(Map.of("mode", lower(m)), f.apply(m)));
    }
    return out;
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
