package io.sextant.collector.metrics;

import static io.sextant.collector.metrics.Meters.counter;
import static io.sextant.collector.metrics.Meters.gauge;
import static io.sextant.collector.metrics.Meters.lower;

import io.micrometer.core.instrument.MeterRegistry;
import io.sextant.collector.Collector;
import io.sextant.collector.outbox.DropReason;
import io.sextant.collector.outbox.Outbox;
import io.sextant.collector.outbox.Priority;
import io.sextant.collector.policy.UploadPolicyEngine;
import io.sextant.collector.source.otlp.OtlpHttpReceiver;
import io.sextant.collector.source.otlp.TraceCalls;
import io.sextant.common.security.Refusal;
import io.sextant.collector.source.prometheus.PrometheusScrapeSource;
import io.sextant.collector.uplink.EdgeUplink;
import io.sextant.collector.validate.Rejection;
import io.sextant.common.model.UploadPolicy;
import java.util.List;
import java.util.function.Supplier;
import java.util.Map;

/** Registers the counters of the edge's parts under {@code sextant_*} names. */
public final class CollectorMetrics {
  /** Entries waiting in the outbox, by class: also one of the edge's health series. */
  public static final String OUTBOX_DEPTH = "sextant_outbox_depth";

  private CollectorMetrics() {}

  public static void bind(MeterRegistry r, Collector c) {
    counter(r, "sextant_collector_samples_accepted_total", "Samples that passed validation.", c, Collector::accepted);
    for (Rejection.Reason why : Rejection.Reason.values()) {
      counter(r, "sextant_collector_samples_rejected_total", "Samples rejected, by reason.", c, x -> x.rejected(why),
          "reason", lower(why));
    }
  }

  public static void bind(MeterRegistry r, Outbox o) {
    for (Priority p : Priority.values()) {
      gauge(r, OUTBOX_DEPTH, "Entries waiting in the outbox, by class.", o, x -> x.depth(p), "class", lower(p));
      gauge(r, "sextant_outbox_oldest_age_seconds", "Age of the oldest entry, by class (0 when empty).", o,
          x -> x.oldestAge(p).map(d -> d.toMillis() / 1000.0).orElse(0.0), "class", lower(p));
      for (DropReason d : DropReason.values()) {
        counter(r, "sextant_outbox_dropped_total", "Entries dropped before sending, by class and reason.", o,
            x -> x.dropped(p, d), "class", lower(p), "reason", lower(d));
      }
    }
    gauge(r, "sextant_outbox_bytes", "Encoded bytes held by the outbox (the size bound applies to this).", o,
        Outbox::bytes);
    counter(r, "sextant_outbox_appended_total", "Entries appended.", o, Outbox::appended);
    counter(r, "sextant_outbox_sent_total", "Entries the bus took.", o, Outbox::sent);
    counter(r, "sextant_outbox_send_failures_total", "Sends that failed and will be retried.", o,
        Outbox::sendFailures);
  }

  /** The uplink's own families plus those of its outbox and upload policy. */
  public static void bind(MeterRegistry r, EdgeUplink u) {
    bind(r, u.outbox());
    bind(r, u.policy());
    gauge(r, "sextant_uplink_link_up", "1 while the bus takes what is sent, 0 after a refused send until a round "
        + "succeeds.", u, x -> x.linkUp() ? 1 : 0);
    gauge(r, "sextant_uplink_backoff_seconds", "Backoff being waited before the next send attempt (0 when healthy).",
        u, x -> x.currentBackoff().toMillis() / 1000.0);
    counter(r, "sextant_uplink_drain_rounds_total", "Drain rounds, by outcome.", u, EdgeUplink::roundsOk,
        "outcome", "ok");
    counter(r, "sextant_uplink_drain_rounds_total", "Drain rounds, by outcome.", u, EdgeUplink::roundsFailed,
        "outcome", "failed");
    counter(r, "sextant_uplink_append_failures_total", "Messages for the centre lost because the outbox could not "
        + "commit them.", u, EdgeUplink::appendFailures);
    counter(r, "sextant_uplink_policy_failures_total", "Windows and audit events withheld because the upload policy "
        + "failed on them.", u, EdgeUplink::policyFailures);
    counter(r, "sextant_uplink_policies_undecodable_total", "Upload policies received that could not be decoded "
        + "(ignored).", u, EdgeUplink::policiesUndecodable);
    gauge(r, "sextant_uplink_policy_subscribed", "1 once the uplink receives upload policies from the bus.", u,
        x -> x.policySubscribed() ? 1 : 0);
  }

  public static void bind(MeterRegistry r, UploadPolicyEngine p) {
    for (UploadPolicy.Mode m : UploadPolicy.Mode.values()) {
      counter(r, "sextant_upload_samples_total", "Samples seen by the upload policy, by the mode of their series.", p,
          x -> x.samples(m), "mode", lower(m));
      counter(r, "sextant_upload_detections_total", "Detections seen by the upload policy, by mode (local_only stay "
          + "at the site).", p, x -> x.detections(m), "mode", lower(m));
    }
    counter(r, "sextant_upload_aggregate_samples_total", "Derived aggregate samples emitted for AGGREGATE series.", p,
        UploadPolicyEngine::aggregatesEmitted);
    counter(r, "sextant_upload_aggregate_late_total", "Points of AGGREGATE series that came after their window "
        + "closed.", p, UploadPolicyEngine::aggregateLate);
    counter(r, "sextant_upload_labels_redacted_total", "Label values replaced by a keyed hash before upload.", p,
        UploadPolicyEngine::labelsRedacted);
    gauge(r, "sextant_upload_aggregate_open_series", "Series of AGGREGATE mode with an open window.", p,
        UploadPolicyEngine::aggregateOpenSeries);
    gauge(r, "sextant_upload_aggregate_state_bytes", "Size of the open aggregate windows as last saved with a "
        + "window's messages (0: none).", p, UploadPolicyEngine::aggregateStateBytes);
    gauge(r, "sextant_upload_aggregate_state_unreadable", "1 when the saved open aggregate windows could not be read "
        + "at start (they were dropped).", p, UploadPolicyEngine::aggregateStateUnreadable);
    counter(r, "sextant_upload_action_events_total", "Audit events of local actions that went through the policy.", p,
        UploadPolicyEngine::actionEvents);
    counter(r, "sextant_upload_action_events_redacted_total", "Audit events in which a target, verify resource or "
        + "parameter was replaced by its keyed hash.", p, UploadPolicyEngine::actionEventsRedacted);
    counter(r, "sextant_upload_action_details_withheld_total", "Audit events sent without their detail (the action "
        + "concerns a resource with local-only series).", p, UploadPolicyEngine::actionDetailsWithheld);
    gauge(r, "sextant_upload_policy_version", "Version of the upload policy applied (-1: none yet, all raw).", p,
        x -> x.current().map(UploadPolicy::version).orElse(-1L));
    for (UploadPolicyEngine.Outcome o : UploadPolicyEngine.Outcome.values()) {
      counter(r, "sextant_upload_policies_received_total", "Upload policies received, by outcome.", p,
          x -> x.policies(o), "outcome", lower(o));
    }
  }

  public static void bind(MeterRegistry r, OtlpHttpReceiver otlp) {
    counter(r, "sextant_otlp_requests_accepted_total", "OTLP export requests accepted.", otlp,
        OtlpHttpReceiver::accepted);
    counter(r, "sextant_otlp_samples_total", "Samples mapped from OTLP.", otlp, OtlpHttpReceiver::samplesReceived);
    counter(r, "sextant_otlp_buffer_dropped_total", "OTLP samples dropped because the collector fell behind.", otlp,
        OtlpHttpReceiver::bufferDrops);
    for (OtlpHttpReceiver.Refusal why : OtlpHttpReceiver.Refusal.values()) {
      counter(r, "sextant_otlp_requests_refused_total", "OTLP requests refused, by reason.", otlp,
          x -> x.refused(why), "reason", lower(why));
    }
    TraceCalls calls = otlp.traceCalls();
    counter(r, "sextant_otlp_spans_total", "Spans taken from OTLP trace exports.", calls, TraceCalls::spansTaken);
    for (TraceCalls.Rejection why : TraceCalls.Rejection.values()) {
      counter(r, "sextant_otlp_spans_rejected_total", "Spans skipped (and reported in partial_success), by reason.",
          calls, x -> x.rejected(why), "reason", lower(why));
    }
    counter(r, "sextant_otlp_spans_forgotten_total", "Spans not remembered for matching because the span memory "
        + "was full (their calls may be missed).", calls, TraceCalls::spansForgotten);
    counter(r, "sextant_otlp_service_calls_total", "Calls between services learned from spans.", calls,
        TraceCalls::callsCounted);
    counter(r, "sextant_otlp_service_calls_dropped_total", "Calls on edges beyond the cap of distinct edges a "
        + "window.", calls, TraceCalls::callsDropped);
    httpRefusals(r, "otlp", otlp::refusedAccess);
  }

  /**
   * A listener's refusals for want of a token, a role or a site, or over its rate limit:
   * {@code sextant_edge_http_refused_total{listener,reason}}.
   */
  public static void httpRefusals(MeterRegistry r, String listener, Supplier<Map<String, Long>> refused) {
    for (String reason : Refusal.REASONS) {
      counter(r, "sextant_edge_http_refused_total", "Calls an edge's HTTP listener refused (401, 403, 429), by "
          + "listener and reason.", refused, x -> x.get().getOrDefault(reason, 0L), "listener", listener,
          "reason", reason);
    }
  }

  public static void bind(MeterRegistry r, List<PrometheusScrapeSource> targets) {
    for (PrometheusScrapeSource t : targets) {
      counter(r, "sextant_scrape_total", "Scrapes attempted, by target.", t, PrometheusScrapeSource::scrapes,
          "target", t.name());
      counter(r, "sextant_scrape_failures_total", "Scrapes that failed, by target.", t,
          PrometheusScrapeSource::failures, "target", t.name());
      counter(r, "sextant_scrape_parse_errors_total", "Exposition lines rejected, by target.", t,
          PrometheusScrapeSource::parseErrors, "target", t.name());
      counter(r, "sextant_scrape_stale_series_total", "Series that disappeared from a target.", t,
          PrometheusScrapeSource::staleSeries, "target", t.name());
      counter(r, "sextant_scrape_counter_resets_total", "Counter resets seen, by target.", t,
          PrometheusScrapeSource::counterResets, "target", t.name());
    }
  }
}
