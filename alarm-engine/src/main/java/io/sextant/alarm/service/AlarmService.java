package io.sextant.alarm.service;

import io.sextant.alarm.AlarmEngine;
import io.sextant.alarm.AlarmListener;
import io.sextant.alarm.Restored;
import io.sextant.alarm.api.AlarmApiServer;
import io.sextant.alarm.compat.InstanceStatus;
import io.sextant.alarm.api.Tmf642Alarm;
import io.sextant.alarm.hub.AlarmHub;
import io.sextant.alarm.flap.FlapDetector;
import io.sextant.alarm.ingest.AlertIntake;
import io.sextant.alarm.notify.HttpPost;
import io.sextant.alarm.notify.NotificationLog;
import io.sextant.alarm.notify.NotificationPipeline;
import io.sextant.alarm.notify.NotificationTicker;
import io.sextant.alarm.notify.Notifier;
import io.sextant.alarm.notify.Sleeper;
import io.sextant.alarm.persist.GroupCommit;
import io.sextant.alarm.raise.AlarmCatalog;
import io.sextant.alarm.silence.InMemorySilenceStore;
import io.sextant.alarm.silence.MaintenanceWindow;
import io.sextant.alarm.silence.SilenceStore;
import io.sextant.alarm.silence.Suppressions;
import io.sextant.common.bus.Bus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.Detection;
import io.sextant.common.store.Store;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The whole alarm engine, started from one configuration: the engine (dedup, lifecycle,
 * topology and time-window correlation), its listener chain (store history, committed in groups
 * by {@link GroupCommit} → bus {@code alarms} topic → notification pipeline → hub, so an alarm is
 * persisted before it is notified), the receivers, routes, inhibition rules and maintenance windows of the config,
 * silences from the {@link SilenceStore}, the bus subscriptions to detections and diagnoses,
 * the notification ticker, and the HTTP API (TMF642, Alertmanager v2 intake, silences).
 * {@link #close()} stops all of it, in reverse order.
 *
 * <pre>{@code
 * AlarmService alarms = AlarmService.builder(AlarmServiceConfig.load(Path.of("alarm-engine.yml")))
 *     .clock(clock).bus(messageBus).store(store)
 *     .silenceStore(new JdbcSilenceStore(postgresStore.dataSource()))
 *     .start();
 * }</pre>
 */
public final class AlarmService implements AutoCloseable {
  /** How long an SMTP conversation may take. */
  public static final Duration SMTP_TIMEOUT = Duration.ofSeconds(10);

  private final AlarmEngine engine;
  private final NotificationPipeline pipeline;
  private final AlertIntake intake;
  private final List<AutoCloseable> running;
  private final AlarmApiServer api;
  private final AlarmHub hub;
  private final InstanceStatus status;
  private final GroupCommit commit;

  private AlarmService(AlarmEngine engine, NotificationPipeline pipeline, AlertIntake intake,
      List<AutoCloseable> running, AlarmApiServer api, AlarmHub hub, InstanceStatus status, GroupCommit commit) {
    this.engine = engine;
    this.pipeline = pipeline;
    this.intake = intake;
    this.running = running;
    this.api = api;
    this.hub = hub;
    this.status = status;
    this.commit = commit;
  }

  /** The group commit that stores every alarm change, when the service has a store (its counters, backlog). */
  public java.util.Optional<GroupCommit> groupCommit() {
    return java.util.Optional.ofNullable(commit);
  }

  /** What {@code GET /api/v2/status} tells: version, start time, the routing as Alertmanager YAML. */
  public InstanceStatus status() {
    return status;
  }

  /** TMF642's event hub: listeners registered over HTTP get every alarm change. */
  public AlarmHub hub() {
    return hub;
  }

  public static Builder builder(AlarmServiceConfig config) {
    return new Builder(config);
  }

  public AlarmEngine engine() {
    return engine;
  }

  public NotificationPipeline pipeline() {
    return pipeline;
  }

  /** The Alertmanager v2 intake (also served over HTTP when the API runs), e.g. for its counters. */
  public AlertIntake intake() {
    return intake;
  }

  /** Requests the TMF642 and silence endpoints rejected, by reason. */
  public io.sextant.alarm.api.ApiCounters apiCounters() {
    if (api == null) {
      throw new IllegalStateException("the HTTP API is off (api.port: -1)");
    }
    return api.counters();
  }

  /** The HTTP API's port, or -1 when the configuration has none. */
  public int apiPort() {
    return api == null ? -1 : api.port();
  }

  public URI apiUri() {
    if (api == null) {
      throw new IllegalStateException("the HTTP API is off (api.port: -1)");
    }
    return api.uri();
  }

  /** Stops the HTTP server, the ticker and the bus subscriptions. The store and bus stay the caller's. */
  @Override
  public void close() {
    closeAll(running);
  }

  private static void closeAll(List<AutoCloseable> things) {
    RuntimeException first = null;
    for (int i = things.size() - 1; i >= 0; i--) {
      try {
        things.get(i).close();
      } catch (Exception e) {
        if (first == null) {
          first = new IllegalStateException("stopping the alarm service: " + e.getMessage(), e);
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** Optional collaborators; without them the service runs self-contained (e.g. in a test). */
  public static final class Builder {
    private final AlarmServiceConfig config;
    private Clock clock = Clock.systemUTC();
    private MessageBus bus;
    private Store store;
    private Duration commitTimeout = GroupCommit.COMMIT_TIMEOUT;
    private SilenceStore silenceStore = new InMemorySilenceStore();
    private NotificationLog notificationLog = NotificationLog.NONE;
    private AlarmCatalog catalog = AlarmCatalog.defaults();
    private Sleeper sleeper = Sleeper.REAL;
    private HttpPost http = new HttpPost();
    private Consumer<Detection> taken = d -> { };
    private AlarmListener passedOn = a -> { };
    private java.util.function.Supplier<Restored> restored;

    private Builder(AlarmServiceConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Subscribes to detections and diagnoses, publishes every alarm change on {@code alarms}. */
    public Builder bus(MessageBus bus) {
      this.bus = bus;
      return this;
    }

    /**
     * Writes every alarm change (the alarm history) before anything else sees it, many changes a
     * transaction ({@link GroupCommit}); the engine's callers return once theirs are stored.
     */
    public Builder store(Store store) {
      this.store = store;
      return this;
    }

    /** How long a caller waits for its alarm changes to be stored before it is told to retry (503). */
    public Builder commitTimeout(Duration commitTimeout) {
      this.commitTimeout = Objects.requireNonNull(commitTimeout, "commitTimeout");
      return this;
    }

    public Builder silenceStore(SilenceStore silenceStore) {
      this.silenceStore = Objects.requireNonNull(silenceStore, "silenceStore");
      return this;
    }

    /** What each group last told its receiver; read at start, written at every delivery ({@link NotificationLog}). */
    public Builder notificationLog(NotificationLog notificationLog) {
      this.notificationLog = Objects.requireNonNull(notificationLog, "notificationLog");
      return this;
    }

    public Builder catalog(AlarmCatalog catalog) {
      this.catalog = Objects.requireNonNull(catalog, "catalog");
      return this;
    }

    /**
     * Called with each detection from the bus once the engine has taken it (the centre measures
     * how late they come: its alarm pipeline's lag).
     */
    public Builder onDetectionTaken(Consumer<Detection> taken) {
      this.taken = Objects.requireNonNull(taken, "taken");
      return this;
    }

    /**
     * Called with each alarm change after the bus, the notification pipeline and the hub have it
     * (once stored, when there is a store), in the engine's order, on the thread passing changes
     * on: the centre logs its alarms here rather than decoding its own {@code alarms} topic back.
     * Keep it short; a listener that throws is counted as a pass-on failure.
     */
    public Builder onPassedOn(AlarmListener passedOn) {
      this.passedOn = Objects.requireNonNull(passedOn, "passedOn");
      return this;
    }

    /**
     * What a previous process left in the store, read at start before any subscription or the API
     * opens: the engine takes it back ({@link AlarmEngine#restore}) and the notification pipeline
     * regroups the open alarms, which the {@link #notificationLog} keeps from being sent again.
     */
    public Builder restore(java.util.function.Supplier<Restored> restored) {
      this.restored = Objects.requireNonNull(restored, "restored");
      return this;
    }

    /** Waits between delivery retries; tests pass one that does not sleep. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    public Builder http(HttpPost http) {
      this.http = Objects.requireNonNull(http, "http");
      return this;
    }

    public AlarmService start() {
      Map<String, Notifier> receivers = new LinkedHashMap<>();
      config.receivers().forEach((name, spec) -> receivers.put(name, spec.build(http, SMTP_TIMEOUT)));
      Suppressions suppressions = new Suppressions(config.inhibitRules(), silenceStore, clock);
      for (MaintenanceWindow w : config.maintenanceWindows()) {
        suppressions.add(w, "config");
      }
      NotificationPipeline pipeline = new NotificationPipeline(clock, config.router(),
          NotificationPipeline.withRetry(receivers, config.retry(), sleeper), suppressions,
          new FlapDetector(config.flapMarkAbove(), config.flapUnmarkAtOrBelow(), config.flapWindow()),
          config.escalation(), notificationLog);
      // Listeners see alarms as the API shows them (comments change no alarm, so no event carries them).
      AlarmHub hub = new AlarmHub(clock, a -> Tmf642Alarm.from(a, List.of()));
      GroupCommit.Downstream passOn = passOn(pipeline, hub);
      // With a store, changes are committed in groups off the engine's lock, then passed on.
      GroupCommit commit = store == null ? null : new GroupCommit(store, passOn, commitTimeout);
      AlarmEngine engine = new AlarmEngine(clock, commit == null ? a -> passOn.stored(a, null) : commit, catalog,
          config.grouping());
      if (restored != null) {
        Restored r = restored.get();
        engine.restore(r);
        engine.open().forEach(pipeline::changed);
      }
      AlertIntake intake = new AlertIntake(engine, clock, config.intake());
      InstanceStatus status = new InstanceStatus(InstanceStatus.sextantVersion(), clock.instant(),
          InstanceStatus.configYaml(config.router(), config.receivers().keySet(), config.inhibitRules()));
      List<AutoCloseable> running = new ArrayList<>();
      running.add(hub);
      if (commit != null) {
        running.add(commit); // closed after the API and the subscriptions that feed it
      }
      try {
        AlarmApiServer api = null;
        if (config.apiPort() >= 0) {
          Object[] beans = config.alertmanagerIntake() ? new Object[] {intake, pipeline, hub, status}
              : new Object[] {pipeline, hub, status};
          api = AlarmApiServer.start(engine, config.apiHost(), config.apiPort(), beans);
          running.add(api);
        }
        if (!config.tickEvery().isZero()) {
          running.add(NotificationTicker.start(pipeline, config.tickEvery()));
        }
        if (bus != null) {
          Consumer<Detection> after = taken;
          Bus.Subscription detections = bus.subscribe(Topic.DETECTIONS, config.subscription(), d -> {
            engine.onDetection(d);
            after.accept(d);
          });
          running.add(detections::close);
          Bus.Subscription diagnoses = bus.subscribe(Topic.DIAGNOSES, config.subscription(), engine::onDiagnosis);
          running.add(diagnoses::close);
        }
        return new AlarmService(engine, pipeline, intake, running, api, hub, status, commit);
      } catch (RuntimeException e) {
        try {
          closeAll(running);
        } catch (RuntimeException closing) {
          e.addSuppressed(closing);
        }
        throw e;
      }
    }

    /**
     * What every change goes to once it is stored: the bus's {@code alarms} topic, the
     * notification pipeline, the hub. Without a store it is the engine's listener itself, called
     * under the engine's lock; with one, the group commit calls it after each commit, in order,
     * with the JSON it stored, which the bus then carries as it is (one encoding a change).
     */
    private GroupCommit.Downstream passOn(NotificationPipeline pipeline, AlarmHub hub) {
      MessageBus out = bus;
      AlarmListener after = passedOn;
      return (alarm, json) -> {
        if (out != null) {
          if (json != null) {
            out.publish(Topic.ALARMS, alarm, json);
          } else {
            out.publish(Topic.ALARMS, alarm);
          }
        }
        pipeline.changed(alarm);
        hub.changed(alarm);
        after.changed(alarm);
      };
    }
  }
}
