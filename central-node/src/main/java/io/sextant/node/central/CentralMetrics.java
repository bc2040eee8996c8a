package io.sextant.node.central;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sextant.actuator.Counters;
import io.sextant.alarm.AlarmEngine;
import io.sextant.alarm.ingest.AlertIntake;
import io.sextant.alarm.notify.NotificationPipeline;
import io.sextant.alarm.notify.Outcome;
import io.sextant.alarm.persist.GroupCommit;
import io.sextant.central.diagnose.Diagnoser;
import io.sextant.central.liveness.NoDataMonitor;
import io.sextant.common.model.HealthSeries;
import io.sextant.common.security.Refusal;
import io.sextant.runbook.execute.ActionExecutor;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The centre's own metrics (Micrometer, served at {@code /metrics} in Prometheus' format): samples
 * ingested per site, each served site's silence and ingest lag, open alarms, actions in flight and
 * awaiting approval, and the JVM's.
 */
final class CentralMetrics {
  /** Samples ingested from a site's namespace, counted by site. */
  static final String INGESTED = "sextant_central_samples_ingested";
  /** Notifications handed to a receiver, by receiver and outcome. */
  static final String NOTIFICATIONS = "sextant_central_notifications";

  private CentralMetrics() {}

  /** Counts a batch's samples against its site (the counter is made at the site's first batch). */
  static void ingested(MeterRegistry r, String site, int samples) {
    Counter.builder(INGESTED).description("Samples ingested from the site's namespace.").tag("site", site)
        .register(r).increment(samples);
  }

  /** Per served site, what the no-data watch judges on: the silence and the ingest lag, in seconds. */
  static void silence(MeterRegistry r, NoDataMonitor watch) {
    for (String site : watch.sites()) {
      Gauge.builder("sextant_central_site_silent_seconds", watch, w -> w.silentSeconds(site))
          .description("Seconds since anything arrived from the site (its edge's heartbeat included).")
          .tag("site", site).register(r);
      Gauge.builder("sextant_central_ingest_lag_seconds", watch, w -> w.lagSeconds(site))
          .description("Age of the site's newest ingested sample on the centre's clock.").tag("site", site)
          .register(r);
    }
  }

  /** The actuators' refusals and failures, a counter per reason ({@code hook_timeout}, {@code no_adapter}...). */
  static void actuators(MeterRegistry r, Counters counters) {
    counters.onReason(reason -> FunctionCounter.builder("sextant_central_actuator_events", counters, c -> c.get(reason))
        .description("What the remediation adapters refused or failed, by reason.").tag("reason", reason)
        .register(r));
  }

  /** What each receiver's notifications came to: {@code delivered}, {@code retry}, {@code failed}. */
  static void notifications(MeterRegistry r, NotificationPipeline pipeline) {
    for (String receiver : pipeline.receiverNames()) {
      for (Outcome.Status status : Outcome.Status.values()) {
        FunctionCounter.builder(NOTIFICATIONS, pipeline, p -> p.outcomes(receiver, status))
            .description("Notifications handed to a receiver, by receiver and outcome.").tag("receiver", receiver)
            .tag("outcome", status.name().toLowerCase(Locale.ROOT)).register(r);
      }
    }
    FunctionCounter.builder("sextant_central_notification_log_failures", pipeline, NotificationPipeline::logFailures)
        .description("Delivered notifications whose notification-log entry was not written (a restart may repeat "
            + "them).").register(r);
  }

  /** The alarm store's group commit: changes waiting, transactions, retried failures, refusals, held POSTs. */
  static void alarmStore(MeterRegistry r, GroupCommit commit) {
    Gauge.builder("sextant_central_alarm_store_backlog", commit, GroupCommit::backlog)
        .description("Alarm changes taken by the engine and not yet stored.").register(r);
    FunctionCounter.builder("sextant_central_alarm_store_commits", commit, GroupCommit::commits)
        .description("Transactions that stored alarm changes (each holds many).").register(r);
    FunctionCounter.builder("sextant_central_alarm_store_changes", commit, GroupCommit::written)
        .description("Alarm changes stored.").register(r);
    FunctionCounter.builder("sextant_central_alarm_store_relinks", commit, GroupCommit::relinks)
        .description("Alarm changes passed on unstored because they only relinked a parent's symptoms (the "
            + "symptoms' rows hold the links).").register(r);
    FunctionCounter.builder("sextant_central_alarm_store_appends", commit, GroupCommit::appends)
        .description("Transactions written as appends, without the store's redelivery rules: every commit but the "
            + "first and those right after a failed write, whose outcome the writer cannot know.").register(r);
    FunctionCounter.builder("sextant_central_alarm_store_failures", commit, GroupCommit::failures)
        .description("Attempts to store alarm changes that failed and were retried.").register(r);
    FunctionCounter.builder("sextant_central_alarm_store_refused", commit, GroupCommit::refused)
        .description("Alarm changes the store refused for good (passed on unstored).").register(r);
    FunctionCounter.builder("sextant_central_alarm_store_lag_waits", commit, GroupCommit::lagWaits)
        .description("Alertmanager POSTs (batched durability) held because an older change was not stored within "
            + "intake.maxDelay.").register(r);
  }

  /**
   * The Alertmanager intake's caches of posted label and annotation objects ({@code cache} tag):
   * a re-sent alert whose objects are kept skips their decoding, so a falling hit ratio, or
   * evictions and refusals, show senders whose label sets change at every evaluation.
   */
  static void intakeCaches(MeterRegistry r, AlertIntake intake) {
    // Meters hold their object weakly: the intake, which the alarm service keeps; the cache is picked in the function.
    Map<String, Function<AlertIntake, AlertIntake.CacheStats>> caches = Map.of("labels", AlertIntake::labelCache,
        "annotations", AlertIntake::annotationCache);
    caches.forEach((name, cache) -> {
      counter(r, "sextant_central_alert_intake_cache_hits", "Posted objects found in the cache.", intake, name,
          cache.andThen(AlertIntake.CacheStats::hits));
      counter(r, "sextant_central_alert_intake_cache_misses", "Posted objects not in the cache, decoded in full.",
          intake, name, cache.andThen(AlertIntake.CacheStats::misses));
      counter(r, "sextant_central_alert_intake_cache_evictions", "Kept objects evicted for new ones.", intake, name,
          cache.andThen(AlertIntake.CacheStats::evictions));
      counter(r, "sextant_central_alert_intake_cache_refused", "Objects not kept: too large, or over the cache's "
          + "byte budget.", intake, name, cache.andThen(AlertIntake.CacheStats::refused));
      Gauge.builder("sextant_central_alert_intake_cache_entries", intake, i -> cache.apply(i).entries())
          .description("Objects the cache holds.").tag("cache", name).register(r);
      Gauge.builder("sextant_central_alert_intake_cache_bytes", intake, i -> cache.apply(i).bytes())
          .description("Bytes of posted objects the cache holds.").tag("cache", name).register(r);
    });
  }

  private static void counter(MeterRegistry r, String name, String help, AlertIntake intake, String cache,
      Function<AlertIntake, Long> count) {
    FunctionCounter.builder(name, intake, i -> count.apply(i)).description(help).tag("cache", cache).register(r);
  }

  /**
   * The calls between services learned from traces ({@code service_calls} samples) that the
   * dependency ranking follows, and the samples not taken: over the cap on distinct calls, or
   * malformed (no caller or callee, a call to itself, no calls).
   */
  static void learnedCalls(MeterRegistry r, Diagnoser diagnoser) {
    Gauge.builder("sextant_central_learned_calls", diagnoser, d -> d.learnedCallCounts().held())
        .description("Calls between services learned from traces and held for the dependency ranking.").register(r);
    FunctionCounter.builder("sextant_central_learned_call_samples_dropped", diagnoser,
        d -> d.learnedCallCounts().dropped()).description("service_calls samples of new calls not taken: the cap on "
            + "distinct learned calls was reached.").register(r);
    FunctionCounter.builder("sextant_central_learned_call_samples_bad", diagnoser, d -> d.learnedCallCounts().bad())
        .description("service_calls samples without a caller or a callee, of a call to itself, or with no calls.")
        .register(r);
  }

  /** The remote-write receiver's refusals (401, 403, 429) by reason, as the port's are counted. */
  static void remoteWriteRefusals(MeterRegistry r, java.util.function.Supplier<java.util.Map<String, Long>> refused) {
    for (String reason : Refusal.REASONS) {
      // FunctionCounter holds its object weakly, and the supplier is a method reference made for this
      // call: the function captures it, so a GC cannot freeze the counter at its last value.
      FunctionCounter.builder("sextant_central_remote_write_refused", refused,
          x -> refused.get().getOrDefault(reason, 0L)).description("Remote-write requests refused for want of a "
              + "token or a role, or over the rate limit, by reason.").tag("reason", reason).register(r);
    }
  }

  static PrometheusMeterRegistry registry(AlarmEngine alarms, ActionExecutor actions) {
    PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(r);
    new JvmGcMetrics().bindTo(r);
    new JvmThreadMetrics().bindTo(r);
    new ProcessorMetrics().bindTo(r);
    // Not in Micrometer's binders; the edge has it under this name too.
    Gauge.builder("process_resident_memory_bytes", HealthSeries::rssBytes).description("Resident set size (VmRSS).")
        .register(r);
    Gauge.builder("sextant_central_alarms_open", alarms, a -> a.open().size())
        .description("Alarms raised and not cleared.").register(r);
    Gauge.builder("sextant_central_actions_in_flight", actions, a -> a.inFlight().size())
        .description("Applied actions waiting for their verification.").register(r);
    Gauge.builder("sextant_central_actions_awaiting_approval", actions, a -> a.awaitingApproval().size())
        .description("Actions held until a person approves or denies them.").register(r);
    return r;
  }
}
