package io.sextant.deploy.process;

import io.sextant.bus.pulsar.PulsarBus;
import io.sextant.bus.pulsar.PulsarBusConfig;
import io.sextant.collector.metrics.CollectorMetrics;
import io.sextant.collector.metrics.MetricsEndpoint;
import io.sextant.collector.metrics.MetricsRegistry;
import io.sextant.collector.metrics.ProcessMetrics;
import io.sextant.collector.outbox.Outbox;
import io.sextant.collector.uplink.EdgeUplink;
import io.sextant.common.bus.Bus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.collector.source.Source;
import io.sextant.common.bundle.KeyFiles;
import io.sextant.deploy.allinone.ModelLoop;
import io.sextant.deploy.config.ModelsSettings;
import io.sextant.edge.model.EdgeModelSettings;
import io.sextant.edge.model.EdgeModels;
import io.sextant.testkit.sim.Kpis;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import io.sextant.common.action.Actuator;
import io.sextant.common.model.Action;
import io.sextant.deploy.assembly.EdgeSite;
import io.sextant.deploy.assembly.SimulatedSiteSource;
import io.sextant.deploy.assembly.Uplink;
import io.sextant.deploy.config.ConfigException;
import io.sextant.deploy.config.ProcessConfig;
import io.sextant.deploy.config.SimulationSettings;
import io.sextant.deploy.time.ScaledClock;
import io.sextant.runbook.load.RunbookLoader;
import io.sextant.runbook.model.Runbook;
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
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sextant edge --site NAME}: one site's edge pipeline as its own process, in one of two modes.
 *
 * <ul>
 *   <li><b>Simulated</b> ({@code simulation:} configured): windows are produced on the shared
 *       simulated time from the site's copy of the simulated cloud; commands from the centre arrive
 *       on the site's {@code commands} topic and are applied to the copy. A restart resumes from
 *       {@link EdgeState}: the copy is rebuilt and the windows missed while down are produced (as
 *       fast as the machine goes) before live ones.
 *   <li><b>Live</b> (no simulation): the real sources of {@code sources:} ({@link LiveSources}: host,
 *       Prometheus scrape, OTLP receiver, probe mesh) are read once per {@code interval} on the wall
 *       clock, windows aligned on the epoch. Missed windows are not back-filled (a source cannot be
 *       read in the past); what the outbox holds is resent. Local repair needs an infrastructure
 *       adapter, which live sites do not have yet ({@link UnwiredActuator}), so no edge runbook runs.
 * </ul>
 *
 * Either way, what a window produces goes through the collector's {@link EdgeUplink} (upload
 * policy, durable outbox, drain thread) to the site's own Pulsar namespace, the only one it
 * publishes into.
 */
public final class EdgeProcess implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EdgeProcess.class);
  /** Printed on stdout once the process is connected and producing; the lab waits for it. */
  public static final String READY = "SEXTANT EDGE READY";

  private final ProcessConfig config;
  private final String site;
  private final Clock clock;
  private final Duration step;
  private final SimulatedCloud cloud;
  private final EdgeState state;
  private final LiveSources live;
  private final EdgeUplink uplink;
  private final PulsarBus pulsar;
  private final MessageBus bus;
  private final EdgeSite edge;
  private final AtomicReference<Bus.Subscription> commands = new AtomicReference<>();
  private final MetricsEndpoint metrics;
  private final AtomicLong skippedWindows = new AtomicLong();
  private final EdgeModels models;
  private volatile boolean running = true;

  public EdgeProcess(ProcessConfig config, Clock wall) throws IOException {
    this.config = config;
    this.site = config.site();
    if (config.dataDir() == null) {
      throw new ConfigException("data-dir: required (the edge keeps its outbox and state there)");
    }
    Path dir = config.dataDir().resolve(site);
    Files.createDirectories(dir);
    SimulationSettings sim = config.simulation();
    Actuator actuator;
    List<Source> sources;
    List<Runbook> runbooks;
    if (sim != null) {
      this.cloud = sim.cloud();
      if (!cloud.spec().siteIds().contains(site)) {
        throw new ConfigException("site: '" + site + "' is not a site of the simulated cloud " + cloud.spec().siteIds());
      }
      this.clock = sim.clock(wall);
      this.step = cloud.spec().step();
      this.state = EdgeState.load(dir.resolve("edge-state.json"));
      state.replay(cloud);
      this.live = null;
      actuator = new RecordingActuator(cloud, state);
      sources = List.of(new SimulatedSiteSource(cloud, site));
      runbooks = RunbookLoader.builtIn();
    } else {
      this.cloud = null;
      this.state = null;
      this.clock = wall;
      this.step = config.interval();
      this.live = new LiveSources(site, config.edge().sources(), wall);
      actuator = new UnwiredActuator(null);
      sources = live.sources();
      runbooks = List.of();
    }
    MetricsRegistry registry = config.metricsPort() == null ? null : new MetricsRegistry();
    PulsarBus connected = null;
    EdgeUplink up = null;
    boolean ok = false;
    try {
      connected = PulsarBus.connect(config.bus().pulsarConfig(site));
      this.pulsar = connected;
      this.bus = new MessageBus(pulsar);
      // The outbox's age bounds are about real outages, so it runs on the wall clock.
      up = EdgeUplink.builder(site, bus, dir.resolve("outbox.db")).clock(wall).metrics(registry).build();
      this.uplink = up;
      this.edge = EdgeSite.assemble(site, sources, config.edge().rules(), actuator, clock, runbooks, Uplink.of(uplink));
      if (sim != null) {
        Thread commandSubscriber = new Thread(() -> subscribeCommands((RecordingActuator) actuator), "commands-" + site);
        commandSubscriber.setDaemon(true);
        commandSubscriber.start();
      }
      this.models = startModels(dir);
      uplink.start();
      if (registry != null) {
        CollectorMetrics.bind(registry, edge.collector());
        ProcessMetrics.bind(registry);
        registry.single("sextant_edge_windows_skipped_total",
            "Live windows skipped because the previous one ran past them (slow sources).",
            MetricsRegistry.Type.COUNTER, skippedWindows::get);
        if (live != null) {
          live.bind(registry);
        }
        if (models != null) {
          EdgeModels m = models;
          registry.register("sextant_edge_model_version", "Version of each pushed model this edge scores with.",
              MetricsRegistry.Type.GAUGE, () -> m.running().entrySet().stream()
                  .map(e -> new MetricsRegistry.Point(Map.of("model", e.getKey()), e.getValue())).toList());
          registry.single("sextant_edge_models_refused_total", "Model releases refused (signature, inputs).",
              MetricsRegistry.Type.COUNTER, m::refusedCount);
          registry.single("sextant_edge_model_rollbacks_total", "Models this edge rolled back on probation.",
              MetricsRegistry.Type.COUNTER, m::rollbackCount);
        }
        this.metrics = new MetricsEndpoint(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.metricsPort()),
            registry);
      } else {
        this.metrics = null;
      }
      ok = true;
    } finally {
      if (!ok) {
        if (up != null) {
          up.close();
        }
        if (connected != null) {
          connected.close();
        }
        if (live != null) {
          live.close();
        }
      }
    }
  }

  /**
   * The models the centre pushes ({@code models.trusted-keys}): the last good ones are restored
   * from disk before anything else, so an edge restarted while cut off scores with them at once;
   * the subscription to new releases is retried until the broker answers. Null without keys.
   */
  private EdgeModels startModels(Path dir) throws IOException {
    ModelsSettings settings = config.models();
    if (settings == null || settings.trustedKeys().isEmpty()) {
      return null;
    }
    Map<String, PublicKey> keys = new LinkedHashMap<>();
    for (Path f : settings.trustedKeys()) {
      try {
        PublicKey k = KeyFiles.readPublic(f);
        keys.put(KeyFiles.keyId(k), k);
      } catch (IOException | RuntimeException e) {
        throw new ConfigException("models.trusted-keys: cannot read " + f + ": " + e.getMessage(), e);
      }
    }
    // What the site collects under the names the centre's model families use: the simulated
    // cloud's KPIs, or a live site's probe mesh (its host and scraped series have no family).
    Set<String> inputs = cloud != null ? ModelLoop.EDGE_INPUTS
        : live.hasProbes() ? Set.of(Kpis.PROBE_LOSS, Kpis.PROBE_RTT, Kpis.PROBE_JITTER) : Set.of();
    EdgeModels m = new EdgeModels(site, keys, inputs, dir.resolve("models"), bus, clock, EdgeModelSettings.defaults());
    m.restore();
    edge.attachModels(m);
    Thread t = new Thread(() -> retry("model releases", m::subscribe), "models-" + site);
    t.setDaemon(true);
    t.start();
    return m;
  }

  /** Runs {@code subscribe} until it succeeds or the process stops, waiting between tries. */
  private void retry(String what, Runnable subscribe) {
    while (running) {
      try {
        subscribe.run();
        log.info("site {}: subscribed to {}", site, what);
        return;
      } catch (RuntimeException e) {
        log.warn("site {}: cannot subscribe to {} yet ({}); retrying", site, what, e.getMessage());
        try {
          Thread.sleep(EdgeUplink.IDLE_POLL.toMillis());
        } catch (InterruptedException ie) {
          return;
        }
      }
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
    Instant next;
    if (cloud != null) {
      Instant last = state.lastWindow();
      next = last == null ? cloud.spec().start().plus(step) : last.plus(step);
    } else {
      next = alignedAfter(clock.instant());
    }
    out.println(READY + " site=" + site + " namespace=" + pulsar.config().tenant() + "/" + pulsar.config().namespace()
        + " mode=" + (cloud != null ? "simulated resume=" + next + " changes-replayed=" + state.changeCount()
            : "live interval=" + step.toSeconds() + "s sources=" + edge.collector().sourceNames()
                + (live.otlpPort() < 0 ? "" : " otlp=" + live.otlpPort())
                + (live.responderAddress() == null ? "" : " probe-udp=" + live.responderAddress().getPort()))
        + (metrics == null ? "" : " metrics=http://127.0.0.1:" + metrics.port() + "/metrics"));
    out.flush();
    Instant end = cloud == null ? null : config.simulation().end();
    long windows = 0;
    while (running) {
      if (end != null && next.isAfter(end)) {
        Thread.sleep(200); // done producing; the drain goes on until stopped
        continue;
      }
      ScaledClock.sleepUntil(clock, next, () -> running);
      if (!running) {
        break;
      }
      edge.window(next);
      if (state != null) {
        state.windowDone(next);
      }
      next = next.plus(step);
      if (cloud == null && clock.instant().isAfter(next)) {
        // Slow sources ran past the next window: skip to the coming one rather than read the
        // sources back to back with windows stamped in the past.
        Instant coming = alignedAfter(clock.instant());
        skippedWindows.addAndGet(Duration.between(next, coming).dividedBy(step));
        next = coming;
      }
      if (++windows % 720 == 0) {
        log.info("site {}: window {} done, outbox depth {}, link {}", site, next.minus(step), uplink.outbox().depth(),
            uplink.linkUp() ? "up" : "down");
      }
    }
  }

  /** The first window end after {@code t}, windows aligned on the epoch. */
  private Instant alignedAfter(Instant t) {
    long ms = step.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), ms) * ms + ms);
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
    if (models != null) {
      models.close();
    }
    if (live != null) {
      live.close();
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
