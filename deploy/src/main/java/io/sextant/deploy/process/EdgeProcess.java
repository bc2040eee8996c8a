package io.sextant.deploy.process;

import io.sextant.bus.pulsar.PulsarBus;
import io.sextant.bus.pulsar.PulsarBusConfig;
import io.sextant.collector.metrics.CollectorMetrics;
import io.sextant.collector.metrics.MetricsEndpoint;
import io.sextant.collector.metrics.MetricsRegistry;
import io.sextant.collector.outbox.Outbox;
import io.sextant.collector.uplink.EdgeUplink;
import io.sextant.common.bus.Bus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.Action;
import io.sextant.deploy.assembly.EdgeSite;
import io.sextant.deploy.assembly.SimulatedSiteSource;
import io.sextant.deploy.assembly.Uplink;
import io.sextant.deploy.config.ConfigException;
import io.sextant.deploy.config.ProcessConfig;
import io.sextant.deploy.config.SimulationSettings;
import io.sextant.deploy.time.ScaledClock;
import io.sextant.runbook.load.RunbookLoader;
import io.sextant.testkit.sim.SimulatedCloud;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sextant edge --site NAME}: one site's edge pipeline as its own process. Windows are
 * produced on the shared simulated time from the site's copy of the simulated cloud and go
 * through the collector's {@link EdgeUplink} (upload policy, durable outbox, drain thread) to the
 * site's own Pulsar namespace, the only one it publishes into. Commands from the centre arrive on the site's {@code commands} topic and are
 * applied to the copy. A restart resumes from {@link EdgeState}: the copy is rebuilt and the
 * windows missed while down are produced (as fast as the machine goes) before live ones.
 */
public final class EdgeProcess implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EdgeProcess.class);
  /** Printed on stdout once the process is connected and producing; the lab waits for it. */
  public static final String READY = "SEXTANT EDGE READY";

  private final ProcessConfig config;
  private final String site;
  private final ScaledClock clock;
  private final SimulatedCloud cloud;
  private final EdgeState state;
  private final EdgeUplink uplink;
  private final PulsarBus pulsar;
  private final MessageBus bus;
  private final EdgeSite edge;
  private final AtomicReference<Bus.Subscription> commands = new AtomicReference<>();
  private final Thread commandSubscriber;
  private final MetricsEndpoint metrics;
  private volatile boolean running = true;

  public EdgeProcess(ProcessConfig config, Clock wall) throws IOException {
    this.config = config;
    this.site = config.site();
    SimulationSettings sim = config.simulation();
    if (sim == null) {
      throw new ConfigException("simulation: required (the simulated cloud is the edge process's source)");
    }
    if (config.dataDir() == null) {
      throw new ConfigException("data-dir: required (the edge keeps its outbox and state there)");
    }
    this.cloud = sim.cloud();
    if (!cloud.spec().siteIds().contains(site)) {
      throw new ConfigException("site: '" + site + "' is not a site of the simulated cloud " + cloud.spec().siteIds());
    }
    this.clock = sim.clock(wall);
    Path dir = config.dataDir().resolve(site);
    Files.createDirectories(dir);
    this.state = EdgeState.load(dir.resolve("edge-state.json"));
    state.replay(cloud);
    PulsarBusConfig busConfig = config.bus().pulsarConfig(site);
    this.pulsar = PulsarBus.connect(busConfig);
    this.bus = new MessageBus(pulsar);
    MetricsRegistry registry = config.metricsPort() == null ? null : new MetricsRegistry();
    // The outbox's age bounds are about real outages, so it runs on the wall clock.
    this.uplink = EdgeUplink.builder(site, bus, dir.resolve("outbox.db")).clock(wall).metrics(registry).build();
    RecordingActuator actuator = new RecordingActuator(cloud, state);
    this.edge = EdgeSite.assemble(site, new SimulatedSiteSource(cloud, site), actuator, clock, RunbookLoader.builtIn(),
        Uplink.of(uplink));
    this.commandSubscriber = new Thread(() -> subscribeCommands(actuator), "commands-" + site);
    commandSubscriber.setDaemon(true);
    commandSubscriber.start();
    uplink.start();
    if (registry != null) {
      CollectorMetrics.bind(registry, edge.collector());
      this.metrics = new MetricsEndpoint(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.metricsPort()),
          registry);
    } else {
      this.metrics = null;
    }
  }

  /**
   * Subscribes to the site's commands, retrying until the broker answers: an edge starts and
   * works (detects, repairs locally, buffers) while the centre or the bus is unreachable.
   */
  private void subscribeCommands(RecordingActuator actuator) {
    while (running && commands.get() == null) {
      try {
        commands.set(bus.subscribe(Topic.COMMANDS, "edge-" + site, a -> command(actuator, a)));
        log.info("site {}: subscribed to its commands", site);
      } catch (RuntimeException e) {
        log.warn("site {}: cannot subscribe to commands yet ({}); retrying", site, e.getMessage());
        try {
          Thread.sleep(EdgeUplink.IDLE_POLL.toMillis());
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  /** Applies a command to the copy; the consumer acknowledges it only after it is recorded. */
  private void command(RecordingActuator actuator, Action a) {
    if (Commands.isHello(a)) {
      log.info("site {}: the centre started at simulated {}", site, a.time());
      return;
    }
    var r = Commands.isRollback(a) ? actuator.rollback(Commands.original(a)) : actuator.apply(a);
    log.info("command {} {} {} on {}: {}", Commands.isRollback(a) ? "rollback" : "apply", a.id(), a.kind(),
        a.target(), r.detail());
  }

  /** Produces windows until {@link #stop()} (or the simulation's end), then returns. */
  public void run(PrintStream out) throws InterruptedException {
    Duration step = cloud.spec().step();
    Instant last = state.lastWindow();
    Instant next = last == null ? cloud.spec().start().plus(step) : last.plus(step);
    Instant end = config.simulation().end();
    out.println(READY + " site=" + site + " namespace=" + pulsar.config().tenant() + "/" + pulsar.config().namespace()
        + " resume=" + next + " changes-replayed=" + state.changeCount()
        + (metrics == null ? "" : " metrics=http://127.0.0.1:" + metrics.port() + "/metrics"));
    out.flush();
    long windows = 0;
    while (running) {
      if (end != null && next.isAfter(end)) {
        Thread.sleep(200); // done producing; the drain goes on until stopped
        continue;
      }
      clock.sleepUntil(next);
      if (!running) {
        break;
      }
      edge.window(next);
      state.windowDone(next);
      next = next.plus(step);
      if (++windows % 720 == 0) {
        log.info("site {}: window {} done, outbox depth {}, link {}", site, next.minus(step), uplink.outbox().depth(),
            uplink.linkUp() ? "up" : "down");
      }
    }
  }

  public void stop() {
    running = false;
  }

  public Outbox outbox() {
    return uplink.outbox();
  }

  @Override
  public void close() {
    running = false;
    if (metrics != null) {
      metrics.close();
    }
    Bus.Subscription s = commands.get();
    try {
      if (s != null) {
        s.close();
      }
    } catch (RuntimeException e) {
      log.warn("closing the command subscription: {}", e.toString());
    }
    uplink.close();
    try {
      bus.close();
    } catch (RuntimeException e) {
      log.warn("closing the bus: {}", e.toString());
    }
  }
}
