package io.sextant.node.central;

import io.sextant.bus.pulsar.FanInBus;
import io.sextant.bus.pulsar.PulsarBus;
import io.sextant.central.model.ModelService;
import io.sextant.central.model.ModelSettings;
import io.sextant.central.model.release.ReleasePlan;
import io.sextant.central.model.release.SigningKey;
import io.sextant.central.policy.PolicyPublisher;
import io.sextant.common.action.Actuator;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.config.ConfigException;
import io.sextant.common.time.ScaledClock;
import io.sextant.node.central.config.CentralConfig;
import io.sextant.node.central.config.ModelsSettings;
import io.sextant.common.security.ApiTokens;
import io.sextant.common.security.JdkListener;
import io.sextant.node.central.infra.Infrastructure;
import io.sextant.runbook.safety.AutomationControl;
import io.sextant.store.CentralStore;
import io.sextant.store.PostgresStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sextant central}: the centre as its own process over Pulsar. It reads samples, detections
 * and action events from every served site's namespace ({@link FanInBus}), runs the pipeline of
 * {@link Central} (ingest through the store's batcher, diagnoser, the alarm service with its HTTP
 * API, the closed loop), publishes diagnoses, alarms and its action events in its own namespace,
 * and what a site must receive (commands, upload policies, model releases) in that site's. It
 * ticks once per window on its {@link Infrastructure}'s clock.
 *
 * <p>Restart: the Pulsar subscriptions are durable and acknowledged only after the store
 * committed, so a killed centre loses nothing and a redelivered message is written once (ids).
 * What the centre decided is in the store as it happens and is taken back at start
 * ({@link io.sextant.node.central.restart.CentreRestart}): open alarms, silences and maintenance
 * windows, the notification log, pending approvals, actions under verification, the guard's
 * windows. The localizer's rounds start afresh (a finding needs two rounds again).
 */
public final class CentralNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CentralNode.class);
  /** Printed on stdout once the node is ready; the lab and the tests wait for it. */
  public static final String READY = "SEXTANT CENTRAL READY";

  private final CentralConfig config;
  private final Infrastructure infra;
  private final Clock clock;
  private final CentralStore centralStore;
  private final PostgresStore store;
  private final MessageBus bus;
  private final Central central;
  private final PolicyPublisher policies;
  private final ModelService models;
  private final List<String> namespaces;
  private final AutomationControl automation;
  private final Deque<AutoCloseable> opened = new ArrayDeque<>();
  private volatile boolean running = true;

  public CentralNode(CentralConfig config, Clock wall) {
    this.config = config;
    boolean ok = false;
    try {
      this.infra = Infrastructure.open(config, wall);
      this.clock = infra.clock();
      List<String> sites = config.servedSites();
      ApiTokens tokens = config.security().tokens();
      // The store with its maintenance (partitions ahead, retention, rollup refresh) on the
      // centre's clock, which is the clock of the samples' times, and the remote-write receiver
      // when configured, so an existing Prometheus can write into the centre.
      CentralStore.Settings storeSettings = CentralStore.Settings.of(config.store().storeConfig())
          .withRetention(config.retention());
      if (config.store().remoteWriteListen() != null) {
        // An intake like the port's alerts: a writer's token, the rate limit on the wall clock.
        storeSettings = storeSettings.withRemoteWrite(config.store().remoteWriteListen(), config.namespace())
            .withRemoteWriteSecurity(config.security().tls(),
                new JdkListener(config.security().gate(tokens, true, wall, null)));
      }
      this.centralStore = own(CentralStore.start(storeSettings, clock));
      this.store = centralStore.store();
      PulsarBus pulsar = own(connect(config));
      own(infra); // closed before the bus: it may hold a subscription
      Set<String> read = new LinkedHashSet<>(sites);
      read.add(config.namespace()); // the centre's own action events
      this.namespaces = List.copyOf(read);
      this.bus = new MessageBus(FanInBus.over(pulsar, namespaces, config.fanInThreads()));
      Actuator actuator = infra.start(bus, store);
      this.automation = new AutomationControl(clock, config.automation());
      this.central = own(new Central(clock, bus, store, centralStore::write, actuator, infra.runbooks(),
          config.alarms(), new CentralOptions(config.catalog(), sites, config.noData(), config.http(), automation,
              infra.hookCallbacks().orElse(null), infra.actuatorCounters().orElse(null),
              tokens, config.security(), config.protection(), config.learnedCallsMaxAge(), true)));
      centralStore.remoteWrite().ifPresent(r -> CentralMetrics.remoteWriteRefusals(central.metrics(), r::refused));
      this.policies = config.policyFile() == null ? null : own(startPolicies());
      this.models = config.models() == null || config.models().keyDir() == null ? null : own(startModels(sites));
      ok = true;
    } finally {
      if (!ok) {
        close();
      }
    }
  }

  private <T extends AutoCloseable> T own(T resource) {
    opened.push(resource);
    return resource;
  }

  private static PulsarBus connect(CentralConfig config) {
    try {
      return PulsarBus.connect(config.bus().pulsarConfig(config.namespace()));
    } catch (org.apache.pulsar.client.api.PulsarClientException e) {
      throw new ConfigException("bus: cannot create the Pulsar client for " + config.bus().serviceUrl() + ": "
          + e.getMessage(), e);
    }
  }

  private PolicyPublisher startPolicies() {
    PolicyPublisher publisher = new PolicyPublisher(config.policyFile(), bus, clock);
    try {
      publisher.start(PolicyPublisher.DEFAULT_CHECK_EVERY, PolicyPublisher.DEFAULT_REPUBLISH_EVERY);
    } catch (RuntimeException e) {
      publisher.close();
      throw new ConfigException("policy-file: " + e.getMessage(), e);
    }
    return publisher;
  }

  /**
   * Trains on the stored history every {@code models.every}, signs with the key in
   * {@code models.key-dir} (generated there on first start) and releases promoted models into the
   * sites' namespaces.
   */
  private ModelService startModels(List<String> sites) {
    ModelsSettings m = config.models();
    SigningKey key;
    try {
      Files.createDirectories(m.keyDir());
      key = SigningKey.inDirectory(m.keyDir());
    } catch (IOException | RuntimeException e) {
      throw new ConfigException("models.key-dir: cannot read or create the release key in " + m.keyDir() + ": "
          + e.getMessage(), e);
    }
    ReleasePlan plan = m.canary() ? ReleasePlan.canary(0.25, ReleasePlan.DEFAULT_HEALTHY_FOR) : ReleasePlan.all();
    ModelService service = new ModelService(store, store.dataSource(), bus, key, sites, clock,
        ModelSettings.defaults().withSchedule(m.trainingWindow(), m.every(), plan));
    service.startSchedule();
    log.info("models: release key {} in {}; training every {} on the last {}", key.keyId(), m.keyDir(), m.every(),
        m.trainingWindow());
    return service;
  }

  /**
   * Ticks until {@link #stop()}, half a window after each window's end: the edges produce window
   * {@code t} at {@code t}, so by then its samples have arrived, and an action taken in this tick
   * reaches the edges before they produce the next window (the all-in-one gets this for free by
   * stepping in lock-step). A centre that fell behind skips to now.
   */
  public void run(PrintStream out) throws InterruptedException {
    int api = central.httpPort();
    out.println(READY + " mode=" + infra.describe() + " namespaces=" + namespaces + " store=" + store.jdbcUrl()
        + (api < 0 ? "" : " api=" + (config.security().tls() == null ? "http" : "https") + "://"
            + config.http().getHostString() + ":" + api)
        + (policies == null ? "" : " policies=" + policies.policies().keySet())
        + (models == null ? "" : " models-every=" + config.models().every())
        + centralStore.remoteWrite().map(r -> " remote-write=" + config.store().remoteWriteListen()).orElse(""));
    out.flush();
    Duration step = infra.step();
    Instant first = infra.origin().plus(step.dividedBy(2));
    while (running) {
      long ticks = Duration.between(first, clock.instant()).dividedBy(step) + 1;
      Instant next = first.plus(step.multipliedBy(ticks));
      ScaledClock.sleepUntil(clock, next, () -> running);
      if (!running) {
        break;
      }
      try {
        central.tick();
        if (models != null) {
          models.tick(); // canary rollouts move on
        }
      } catch (RuntimeException e) {
        log.error("central tick at {} failed; going on with the next", next, e);
      }
    }
  }

  public void stop() {
    running = false;
  }

  public Central central() {
    return central;
  }

  /**
   * The centre's safety switches (dry run, pause for all sites or one, change freezes, the site
   * budget); the centre's HTTP API and CLI drive them. Approvals go to
   * {@code central().loop().executor().approve(id, by)}.
   */
  public AutomationControl automation() {
    return automation;
  }

  /** The adapters' counters by reason (no_adapter, hook_timeout, callback_replayed...), for the centre's metrics. */
  public java.util.Optional<io.sextant.actuator.Counters> actuatorCounters() {
    return infra.actuatorCounters();
  }

  /** Where hook callbacks arrive, to mount on the centre's HTTP server; empty without {@code actuators.callbacks}. */
  public java.util.Optional<io.sextant.actuator.hook.CallbackReceiver> hookCallbacks() {
    return infra.hookCallbacks();
  }

  /** The centre's HTTP port, or -1 when it has none. */
  public int apiPort() {
    return central.httpPort();
  }

  /** The remote-write receiver's port; -1 without one. */
  public int remoteWritePort() {
    return centralStore.remoteWrite().map(r -> r.port()).orElse(-1);
  }

  /** Stops everything it started, newest first: the pipeline before the bus, the bus before the store. */
  @Override
  public void close() {
    running = false;
    while (!opened.isEmpty()) {
      AutoCloseable c = opened.pop();
      try {
        c.close();
      } catch (Exception e) {
        log.warn("closing {}: {}", c.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
