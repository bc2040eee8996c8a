package io.sextant.node.central;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sextant.alarm.AlarmEngine;
import io.sextant.alarm.api.ApiCounters;
import io.sextant.alarm.service.AlarmService;
import io.sextant.alarm.service.AlarmServiceConfig;
import io.sextant.alarm.notify.persist.JdbcNotificationLog;
import io.sextant.alarm.silence.persist.JdbcSilenceStore;
import io.sextant.central.diagnose.Diagnoser;
import io.sextant.central.rca.LearnedCalls;
import io.sextant.central.ingest.Ingest;
import io.sextant.central.liveness.NoDataMonitor;
import io.sextant.central.locate.LinkLocalizer;
import io.sextant.central.model.feedback.Feedback;
import io.sextant.central.loop.ClosedLoop;
import io.sextant.central.protect.LinkProtection;
import io.sextant.central.state.LiveState;
import io.sextant.common.action.Actuator;
import io.sextant.common.bus.Bus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Command;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Ids;
import io.sextant.common.model.SampleBatch;
import io.sextant.node.central.http.CentralApi;
import io.sextant.common.security.RateLimiter;
import io.sextant.node.central.http.CentralHttp;
import io.sextant.node.central.http.Readiness;
import io.sextant.node.central.restart.CentreRestart;
import io.sextant.node.central.view.Kpis;
import io.sextant.node.central.view.RecentActions;
import io.sextant.node.central.view.Views;
import io.sextant.runbook.model.Runbook;
import io.sextant.runbook.safety.AutomationControl;
import io.sextant.store.registry.LabelTable;
import io.sextant.store.PostgresStore;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The centre's pipeline, assembled in one place for the all-in-one and {@code sextant central}:
 *
 * <pre>
 * bus ─► ingest (samples by message id, detections, action events, diagnoses ─► store; live state)
 *          ├─► diagnoser (link localization, GPU node rule, dependency ranking) ─► diagnoses
 *          └─► no-data watch (sites silent, the centre behind) ─► detections
 * detections, diagnoses ─► alarm service (engine: dedup, lifecycle, correlation ─► store ─► bus
 *                          ─► notifications: routes, silences, inhibition, escalation; HTTP API)
 * diagnoses ─► closed loop (runbook ─► guard ─► actuator ─► verify ─► rollback) ─► action events
 * action events ─► scale-back (a scale-out's load gone for the hold time ─► closed loop: SCALE_IN)
 * </pre>
 *
 * {@link #tick()} runs the periodic work (localization, verification, the notification pipeline
 * when the caller drives time). Every alarm raised or cleared and every action step is logged at
 * INFO, and the samples ingested per site once a minute of the centre's clock.
 */
public final class Central implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Central.class);
  public static final String SITE = "central";
  /** How often the per-site ingest counts are logged, on the centre's clock. */
  static final Duration INGEST_LOG_EVERY = Duration.ofMinutes(1);

  private final Clock clock;
  private final MessageBus bus;
  private final NoDataMonitor silence;
  private final LiveState state = new LiveState();
  private final AlarmService alarms;
  private final Diagnoser diagnoser;
  private final ClosedLoop loop;
  private final Ingest ingest;
  private final boolean tickNotifications;
  private final Map<String, LongAdder> ingested = new ConcurrentHashMap<>();
  private final PrometheusMeterRegistry metrics;
  /** Writes a sample batch into the store, idempotently on its message id. */
  private final Consumer<SampleBatch> samples;
  private final CentralApi api;
  private final CentralHttp http;
  private final List<Bus.Subscription> subscriptions = new ArrayList<>();
  private Instant lastIngestLog;

  /** A centre with the default options: the built-in catalog, no HTTP port, automation open. */
  public Central(Clock clock, MessageBus bus, PostgresStore store, Consumer<SampleBatch> samples, Actuator actuator,
      List<Runbook> runbooks, AlarmServiceConfig alarmConfig) {
    this(clock, bus, store, samples, actuator, runbooks, alarmConfig, CentralOptions.defaults(List.of()));
  }

  /**
   * @param samples writes a sample batch idempotently on its message id and returns once committed
   *     (the central store's batcher in {@code sextant central}; the store itself in the demo)
   * @param alarmConfig the alarm service's settings; its {@code tickEvery} zero means this centre's
   *     {@link #tick()} drives the notification pipeline (a simulated clock)
   * @param options the catalog, the no-data watch, the HTTP port, the safety switches (the alarm
   *     service's silences and maintenance windows are wired into them as blackouts: an action whose
   *     site and target they match waits) and the actuators' callbacks and counters
   */
  public Central(Clock clock, MessageBus bus, PostgresStore store, Consumer<SampleBatch> samples, Actuator actuator,
      List<Runbook> runbooks, AlarmServiceConfig alarmConfig, CentralOptions options) {
    AutomationControl automation = options.automation() != null ? options.automation() : AutomationControl.open(clock);
    InetSocketAddress http = options.http();
    this.clock = clock;
    this.bus = bus;
    this.tickNotifications = alarmConfig.tickEvery().isZero();
    this.lastIngestLog = clock.instant();
    this.samples = samples;
    this.silence = new NoDataMonitor(clock, SITE, options.sites(), options.noData());
    CentreRestart restart = new CentreRestart(store.dataSource(), clock);
    AlarmService.Builder alarmService = AlarmService.builder(alarmConfig.withoutApi()).clock(clock).bus(bus)
        .store(store).silenceStore(new JdbcSilenceStore(store.dataSource()))
        .notificationLog(new JdbcNotificationLog(store.dataSource())).catalog(options.catalog())
        .onDetectionTaken(silence::onAlarmInput)
        // Logged as the engine passes them on: reading them back from the alarms topic decoded every change.
        .onPassedOn(Central::logAlarm);
    if (options.restore()) {
      alarmService.restore(restart::alarms);
    }
    this.alarms = alarmService.start();
    boolean ok = false;
    CentralHttp server = null;
    try {
      diagnoser = new Diagnoser(clock, SITE, actuator::topology, state, new LinkLocalizer(),
          Diagnoser.Settings.defaults(), new LearnedCalls(options.learnedCallsMaxAge(), LearnedCalls.DEFAULT_MAX_EDGES),
          d -> bus.publish(Topic.DIAGNOSES, d));
      automation.blackouts((site, target, at) -> alarms.pipeline().suppressions()
          .silenced(Map.of("site", site, "resource", target), at).map(s -> "held: " + s.reason()));
      RecentActions recent = new RecentActions();
      loop = new ClosedLoop(clock, actuator, runbooks, state, e -> {
        logAction(e);
        auditNow(store, e);
        recent.add(e);
        bus.publish(Topic.ACTION_EVENTS, e);
      }, automation, SITE, options.protection(), protectionOutputs(bus, alarms.engine()));
      if (options.restore()) {
        restart.actions(loop);
        restart.evidence(state, diagnoser, Diagnoser.Settings.defaults().rediagnoseAfter(), store);
      }
      metrics = CentralMetrics.registry(alarms.engine(), loop.executor());
      CentralMetrics.silence(metrics, silence);
      CentralMetrics.notifications(metrics, alarms.pipeline());
      CentralMetrics.intakeCaches(metrics, alarms.intake());
      CentralMetrics.learnedCalls(metrics, diagnoser);
      alarms.groupCommit().ifPresent(c -> CentralMetrics.alarmStore(metrics, c));
      api = new CentralApi(loop.executor(), store, alarms.engine(), new Feedback(new LabelTable(store.dataSource(),
          clock), clock), new Views(store, state, actuator::topology, diagnoser::serviceCalls), recent);
      // The port opens before the pipeline subscribes: a port that cannot be bound fails the start
      // with nothing subscribed yet.
      if (options.actuatorCounters() != null) {
        CentralMetrics.actuators(metrics, options.actuatorCounters());
      }
      List<Object> beans = new ArrayList<>(List.of(alarms.engine(), alarms.intake(), alarms.pipeline(), alarms.hub(),
          alarms.status(),
          store, new ApiCounters(), api, new Kpis(store, clock), metrics, automation, options.tokens(), (Readiness) () -> readiness(store)));
      if (options.callbacks() != null) {
        beans.add(options.callbacks());
      }
      if (options.security().rateLimit() != null) {
        // Callers' rates are about real time, also in a demo run faster than it.
        beans.add(new RateLimiter(options.security().rateLimit(), Clock.systemUTC()));
      }
      server = http == null ? null : CentralHttp.start(http, options.security().tls(), beans.toArray());
      this.http = server;
      PrometheusMeterRegistry counted = metrics;
      // The no-data watch judges the store's ingest (its lag is the centre falling behind); the
      // loop and the diagnoser read samples as they come.
      ingest = new Ingest(bus, store, batch -> {
        samples.accept(batch);
        silence.onBatch(batch);
        ingested.computeIfAbsent(batch.site(), s -> new LongAdder()).add(batch.samples().size());
        CentralMetrics.ingested(counted, batch.site(), batch.samples().size());
      }, batch -> {
        loop.onSamples(batch.samples());
        diagnoser.onSamples(batch.samples());
      }, state, diagnoser::onDetection);
      subscriptions.add(bus.subscribe(Topic.DIAGNOSES, "closed-loop", loop::onDiagnosis));
      // Every site's audit and the loop's own (published above): scale-outs to give back once their load is gone.
      subscriptions.add(bus.subscribe(Topic.ACTION_EVENTS, "scale-back", loop::onActionEvent));
      if (runbooks.stream().anyMatch(r -> r.trigger() instanceof io.sextant.runbook.model.Trigger.OnAlarm)) {
        subscriptions.add(bus.subscribe(Topic.ALARMS, "closed-loop-alarms", loop::onAlarm));
      }
      ok = true;
    } finally {
      if (!ok) {
        subscriptions.forEach(Bus.Subscription::close);
        if (server != null) {
          server.close();
        }
        alarms.close();
      }
    }
  }

  /**
   * Writes an action event into the audit log before it is published, so what the API shows (a
   * pending approval, an applied action) is durable when it shows it, and a restarted centre reads
   * it back. A store that refuses it is logged; the bus still carries the event, and ingest writes
   * it once the store is back (writes are idempotent on the event id).
   */
  private static void auditNow(PostgresStore store, ActionEvent e) {
    try {
      store.writeActionEvent(e);
    } catch (RuntimeException failed) {
      log.warn("action event {} not in the audit log yet (the bus carries it): {}", e.id(), failed.toString());
    }
  }

  /**
   * Where link protection's requests go: probe commands into the probing site's namespace (an edge
   * carries them out, live or simulated), alarm clears into the engine, diagnoses on the bus like
   * the localizer's.
   */
  private static LinkProtection.Outputs protectionOutputs(MessageBus bus, AlarmEngine engine) {
    return new LinkProtection.Outputs() {
      @Override
      public void probe(Command command) {
        // A site the bus cannot reach loses its probes, logged; the closed loop goes on.
        try {
          bus.publish(Topic.COMMANDS, command).whenComplete((ok, e) -> {
            if (e != null) {
              log.warn("probe command {} to {} not sent: {}", command.kind(), command.site(), e.toString());
            }
          });
          log.info("probe command {} to {}: {} on {} {}", command.kind(), command.site(), command.action().kind(),
              command.action().target(), command.action().params());
        } catch (RuntimeException e) {
          log.warn("probe command {} to {} not sent: {}", command.kind(), command.site(), e.toString());
        }
      }

      @Override
      public void clearAlarms(String resource, String why) {
        for (Alarm a : engine.open()) {
          if (a.resource().equals(resource)) {
            try {
              engine.clear(a.id(), LinkProtection.LOCATOR + ": " + why);
            } catch (RuntimeException e) { // cleared meanwhile by a person, or the store refused: logged, the tick goes on
              log.warn("alarm {} on {} not cleared: {}", a.id(), resource, e.toString());
            }
          }
        }
      }

      @Override
      public void diagnosis(Diagnosis d) {
        bus.publish(Topic.DIAGNOSES, d);
      }
    };
  }

  /** The store answers; the pipeline's subscriptions exist once the constructor returned. */
  private static Map<String, String> readiness(PostgresStore store) {
    try (var c = store.dataSource().getConnection(); var st = c.createStatement()) {
      st.execute("SELECT 1");
      return Map.of();
    } catch (java.sql.SQLException | RuntimeException e) {
      return Map.of("store", "PostgreSQL does not answer: " + e.getMessage());
    }
  }

  /**
   * One round of the periodic work: localization, verification of applied actions, and the
   * no-data watch (its detections go on the bus like an edge's, so they are stored and alarmed).
   */
  public void tick() {
    diagnoser.tick();
    loop.tick();
    for (Detection d : silence.check()) {
      bus.publish(Topic.DETECTIONS, d);
    }
    if (tickNotifications) {
      alarms.pipeline().tick();
    }
    writeHealth();
    logIngest();
  }

  /**
   * The centre's own health series ({@link CentralHealth}), written into its store at every tick
   * (once a window) as the centre's site, so dashboards chart them beside the edges'. Not published
   * on the bus: nothing else needs them, and no detector sees them. A store that refuses them loses
   * this tick's, logged; the tick goes on.
   */
  private void writeHealth() {
    Instant now = clock.instant();
    try {
      // Its own message id: the central cloud's edge sends a batch of this site for the same time.
      samples.accept(new SampleBatch(Ids.of("health", SITE, Long.toString(now.toEpochMilli())), SITE, now,
          CentralHealth.take(metrics, SITE, now)));
    } catch (RuntimeException e) {
      log.warn("the centre's health series at {} not stored: {}", now, e.toString());
    }
  }

  private void logIngest() {
    Instant now = clock.instant();
    if (Duration.between(lastIngestLog, now).compareTo(INGEST_LOG_EVERY) < 0) {
      return;
    }
    Map<String, Long> counts = new TreeMap<>();
    ingested.forEach((site, n) -> counts.put(site, n.sumThenReset()));
    log.info("ingested since {}: samples per site {}", lastIngestLog, counts);
    lastIngestLog = now;
  }

  private static void logAlarm(Alarm a) {
    if (a.state() != Alarm.State.UPDATED) {
      log.info("alarm {} {} {} {} on {}{}: {}", a.state(), a.id(), a.perceivedSeverity(), a.probableCause(),
          a.resource(), a.rootCause() ? " (root cause)" : "", a.specificProblem());
    }
  }

  private static void logAction(ActionEvent e) {
    log.info("action {} {} {} on {} ({}): {}", e.state(), e.action().id(), e.action().kind(), e.action().target(),
        e.action().runbook(), e.detail());
  }

  public AlarmEngine alarms() {
    return alarms.engine();
  }

  public AlarmService alarmService() {
    return alarms;
  }

  public NoDataMonitor silence() {
    return silence;
  }

  public LiveState state() {
    return state;
  }

  public ClosedLoop loop() {
    return loop;
  }

  /** The HTTP server, or null when it has none. */
  public CentralHttp http() {
    return http;
  }

  /** The HTTP port, or -1 when it has none. */
  public int httpPort() {
    return http == null ? -1 : http.port();
  }

  public CentralApi api() {
    return api;
  }

  public PrometheusMeterRegistry metrics() {
    return metrics;
  }

  @Override
  public void close() {
    if (http != null) {
      http.close();
    }
    subscriptions.forEach(Bus.Subscription::close);
    ingest.close();
    alarms.close();
    metrics.close();
  }
}
