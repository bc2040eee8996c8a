package io.sextant.deploy.process;

import io.sextant.bus.pulsar.PulsarBus;
import io.sextant.bus.pulsar.PulsarBusConfig;
import io.sextant.central.model.ModelService;
import io.sextant.central.model.ModelSettings;
import io.sextant.central.model.release.ReleasePlan;
import io.sextant.central.model.release.SigningKey;
import io.sextant.central.policy.PolicyPublisher;
import io.sextant.deploy.config.ModelsSettings;
import java.io.IOException;
import java.nio.file.Files;
import io.sextant.common.action.Actuator;
import io.sextant.common.bus.Bus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionState;
import io.sextant.deploy.assembly.Central;
import io.sextant.deploy.config.ConfigException;
import io.sextant.deploy.config.ProcessConfig;
import io.sextant.deploy.config.SimulationSettings;
import io.sextant.deploy.config.TopologyFile;
import io.sextant.common.topology.Topology;
import io.sextant.deploy.time.ScaledClock;
import io.sextant.runbook.load.RunbookLoader;
import io.sextant.store.CentralStore;
import io.sextant.store.PostgresStore;
import io.sextant.testkit.sim.SimulatedCloud;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.pulsar.client.api.PulsarClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sextant central}: the central pipeline ({@link Central}) as its own process over Pulsar.
 * It reads samples, detections and action events from every served site's namespace
 * ({@link FanInBus}), publishes diagnoses, alarms and its action events in its own namespace, and
 * sends actions to the sites as commands ({@link BroadcastActuator}). It ticks once per simulated
 * window on the shared simulated time.
 *
 * <p>Without {@code simulation:} the centre is live: it runs on the wall clock, ticks every
 * {@code interval}, serves the configured {@code sites:} and reasons on the topology of
 * {@code topology-file:} (none: no link localization); it has no infrastructure adapter yet
 * ({@link UnwiredActuator}), so a diagnosis is alarmed and audited but not acted on.
 *
 * <p>With {@code policy-file:} the sites' upload policies are published into each site's namespace
 * on the compacted {@code policies} topic (at start, on change, every 5 minutes).
 *
 * <p>Restart: the Pulsar subscriptions are durable and acknowledged only after the store
 * committed, so a killed centre loses nothing and a redelivered message is written once (ids). Its
 * copy of the cloud is rebuilt from the audit log in the store. In-memory state (open alarms, the
 * localizer's rounds, actions being verified) starts afresh.
 */
public final class CentralProcess implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CentralProcess.class);
  public static final String READY = "SEXTANT CENTRAL READY";
  public static final String CENTRAL_NAMESPACE = ProcessConfig.CENTRAL;
  /** The bus topics edges publish on, read from every served site's namespace. */
  public static final Set<String> FANNED_IN =
      Set.of(Topic.SAMPLES.name(), Topic.DETECTIONS.name(), Topic.ACTION_EVENTS.name());
  /** The topics the centre sends to one site, into that site's namespace (the key names the site). */
  public static final Set<String> TO_SITES = Set.of(Topic.POLICIES.name(), Topic.MODELS.name());

  private final ProcessConfig config;
  private final Clock clock;
  private final Duration step;
  private final Instant start;
  private final SimulatedCloud cloud;
  private final CentralStore centralStore;
  private final PostgresStore store;
  private final MessageBus bus;
  private final BroadcastActuator actuator;
  private final Central central;
  private final Bus.Subscription mirror;
  private final PolicyPublisher policies;
  private final ModelService models;
  private final int replayed;
  private final List<String> namespaces;
  private volatile boolean running = true;

  public CentralProcess(ProcessConfig config, Clock wall) throws PulsarClientException {
    this.config = config;
    SimulationSettings sim = config.simulation();
    Topology topology = null;
    if (sim != null) {
      this.clock = sim.clock(wall);
      this.cloud = sim.cloud();
      this.step = cloud.spec().step();
      this.start = cloud.spec().start();
    } else {
      this.clock = wall;
      this.cloud = null;
      this.step = config.interval();
      this.start = Instant.EPOCH;
      if (config.central().topologyFile() != null) {
        topology = TopologyFile.read(config.central().topologyFile());
      }
    }
    List<String> sites = config.servedSites();
    // The store with its maintenance (partitions ahead, retention, rollup refresh) on the
    // process's clock, which is the clock of the samples' times, and the remote-write receiver
    // when configured, so an existing Prometheus can write into the centre.
    CentralStore.Settings storeSettings = CentralStore.Settings.of(config.store().storeConfig())
        .withRetention(config.central().retention());
    if (config.store().remoteWriteListen() != null) {
      storeSettings = storeSettings.withRemoteWrite(config.store().remoteWriteListen(), config.site());
    }
    this.centralStore = CentralStore.start(storeSettings, clock);
    this.store = centralStore.store();
    boolean ok = false;
    PulsarBus pulsar = null;
    PolicyPublisher publisher = null;
    ModelService modelService = null;
    try {
      this.replayed = cloud == null ? 0 : replayAudit();
      PulsarBusConfig busConfig = config.bus().pulsarConfig(config.site());
      pulsar = PulsarBus.connect(busConfig);
      Set<String> read = new LinkedHashSet<>(sites);
      read.add(config.site()); // the centre's own action events
      this.namespaces = List.copyOf(read);
      this.bus = new MessageBus(new FanInBus(pulsar, busConfig.tenant(), namespaces, FANNED_IN, TO_SITES));
      Actuator local = cloud != null ? cloud : new UnwiredActuator(topology);
      this.actuator = new BroadcastActuator(local, pulsar, busConfig.tenant(), sites);
      this.central = new Central(clock, bus, store, actuator, RunbookLoader.builtIn());
      this.mirror = cloud == null ? null : bus.subscribe(Topic.ACTION_EVENTS, "central-mirror", this::mirror);
      if (config.central().policyFile() != null) {
        publisher = new PolicyPublisher(config.central().policyFile(), bus, clock);
        try {
          publisher.start(PolicyPublisher.DEFAULT_CHECK_EVERY, PolicyPublisher.DEFAULT_REPUBLISH_EVERY);
        } catch (RuntimeException e) {
          throw new ConfigException("policy-file: " + e.getMessage(), e);
        }
      }
      this.policies = publisher;
      modelService = startModels(sites);
      this.models = modelService;
      String unannounced = actuator.announce(clock.instant());
      if (unannounced != null) {
        log.warn("could not say hello to every site (commands will still be sent): {}", unannounced);
      }
      ok = true;
    } finally {
      if (!ok) {
        if (modelService != null) {
          modelService.close();
        }
        if (publisher != null) {
          publisher.close();
        }
        if (pulsar != null) {
          pulsar.close();
        }
        centralStore.close();
      }
    }
  }

  /**
   * Trains on the stored history every {@code models.every}, signs with the key in
   * {@code models.key-dir} (generated there on first start) and releases promoted models into the
   * sites' namespaces. Null without {@code models.key-dir}.
   */
  private ModelService startModels(List<String> sites) {
    ModelsSettings m = config.models();
    if (m == null || m.keyDir() == null) {
      return null;
    }
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

  /** Rebuilds the copy of the cloud from what the audit log says was applied and rolled back. */
  private int replayAudit() {
    int n = 0;
    for (ActionEvent e : store.auditLog()) {
      if (e.state() == ActionState.APPLIED) {
        cloud.apply(e.action());
        n++;
      } else if (e.state() == ActionState.ROLLED_BACK) {
        cloud.rollback(e.action());
        n++;
      }
    }
    return n;
  }

  /**
   * Keeps the centre's copy in step with the edges' local repairs (a scale-out changes placement
   * the centre reasons on). The centre's own actions are already applied.
   */
  private void mirror(ActionEvent e) {
    if (actuator.issued(e.action().id())) {
      return;
    }
    if (e.state() == ActionState.APPLIED) {
      cloud.apply(e.action());
    } else if (e.state() == ActionState.ROLLED_BACK) {
      cloud.rollback(e.action());
    }
  }

  /**
   * Ticks once per simulated window until {@link #stop()}, half a window after the window's end:
   * the edges produce window {@code t} at {@code t}, so by then its samples have arrived, and an
   * action taken in this tick reaches the edges before they produce the next window (the
   * all-in-one gets this for free by stepping in lock-step). A centre that fell behind skips to now.
   */
  public void run(PrintStream out) throws InterruptedException {
    out.println(READY + " mode=" + (cloud == null ? "live" : "simulated") + " namespaces=" + namespaces
        + " store=" + store.jdbcUrl() + " actions-replayed=" + replayed
        + (policies == null ? "" : " policies=" + policies.policies().keySet())
        + (models == null ? "" : " models-every=" + config.models().every())
        + centralStore.remoteWrite().map(r -> " remote-write=" + config.store().remoteWriteListen()).orElse(""));
    out.flush();
    Instant first = start.plus(step.dividedBy(2));
    while (running) {
      Instant now = clock.instant();
      long ticks = Duration.between(first, now).dividedBy(step) + 1;
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

  @Override
  public void close() {
    running = false;
    try {
      if (models != null) {
        models.close();
      }
      if (policies != null) {
        policies.close();
      }
      if (mirror != null) {
        mirror.close();
      }
      central.close();
      bus.close();
    } catch (RuntimeException e) {
      log.warn("closing the bus: {}", e.toString());
    } finally {
      centralStore.close();
    }
  }
}
