package io.sextant.deploy.process;

import io.sextant.bus.pulsar.PulsarBus;
import io.sextant.bus.pulsar.PulsarBusConfig;
import io.sextant.common.bus.Bus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionState;
import io.sextant.deploy.assembly.Central;
import io.sextant.deploy.config.ConfigException;
import io.sextant.deploy.config.ProcessConfig;
import io.sextant.deploy.config.SimulationSettings;
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

  private final ProcessConfig config;
  private final ScaledClock clock;
  private final SimulatedCloud cloud;
  private final CentralStore centralStore;
  private final PostgresStore store;
  private final MessageBus bus;
  private final BroadcastActuator actuator;
  private final Central central;
  private final Bus.Subscription mirror;
  private final int replayed;
  private final List<String> namespaces;
  private volatile boolean running = true;

  public CentralProcess(ProcessConfig config, Clock wall) throws PulsarClientException {
    this.config = config;
    SimulationSettings sim = config.simulation();
    if (sim == null) {
      throw new ConfigException("simulation: required (the simulated cloud is the centre's actuator)");
    }
    this.clock = sim.clock(wall);
    this.cloud = sim.cloud();
    List<String> sites = config.servedSites();
    // The store with its maintenance (partitions ahead, retention, rollup refresh) on the
    // process's clock, which is the clock of the samples' times, and the remote-write receiver
    // when configured, so an existing Prometheus can write into the centre.
    CentralStore.Settings storeSettings = CentralStore.Settings.of(config.store().storeConfig());
    if (config.store().remoteWriteListen() != null) {
      storeSettings = storeSettings.withRemoteWrite(config.store().remoteWriteListen(), config.site());
    }
    this.centralStore = CentralStore.start(storeSettings, clock);
    this.store = centralStore.store();
    boolean ok = false;
    PulsarBus pulsar = null;
    try {
      this.replayed = replayAudit();
      PulsarBusConfig busConfig = config.bus().pulsarConfig(config.site());
      pulsar = PulsarBus.connect(busConfig);
      Set<String> read = new LinkedHashSet<>(sites);
      read.add(config.site()); // the centre's own action events
      this.namespaces = List.copyOf(read);
      this.bus = new MessageBus(new FanInBus(pulsar, busConfig.tenant(), namespaces, FANNED_IN));
      this.actuator = new BroadcastActuator(cloud, pulsar, busConfig.tenant(), sites);
      this.central = new Central(clock, bus, store, actuator, RunbookLoader.builtIn());
      this.mirror = bus.subscribe(Topic.ACTION_EVENTS, "central-mirror", this::mirror);
      String unannounced = actuator.announce(clock.instant());
      if (unannounced != null) {
        log.warn("could not say hello to every site (commands will still be sent): {}", unannounced);
      }
      ok = true;
    } finally {
      if (!ok) {
        if (pulsar != null) {
          pulsar.close();
        }
        centralStore.close();
      }
    }
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
    Duration step = cloud.spec().step();
    out.println(READY + " namespaces=" + namespaces + " store=" + store.jdbcUrl()
        + " actions-replayed=" + replayed
        + centralStore.remoteWrite().map(r -> " remote-write=" + config.store().remoteWriteListen()).orElse(""));
    out.flush();
    Instant start = cloud.spec().start().plus(step.dividedBy(2));
    while (running) {
      Instant now = clock.instant();
      long ticks = Duration.between(start, now).dividedBy(step) + 1;
      Instant next = start.plus(step.multipliedBy(ticks));
      clock.sleepUntil(next);
      if (!running) {
        break;
      }
      try {
        central.tick();
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
      mirror.close();
      central.close();
      bus.close();
    } catch (RuntimeException e) {
      log.warn("closing the bus: {}", e.toString());
    } finally {
      centralStore.close();
    }
  }
}
