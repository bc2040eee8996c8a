package io.sextant.node.edge;

import io.sextant.bus.pulsar.PulsarBus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.sextant.collector.metrics.CollectorMetrics;
import io.sextant.collector.metrics.EdgeHealth;
import io.sextant.collector.metrics.EdgeMeters;
import io.sextant.collector.metrics.Meters;
import io.sextant.collector.metrics.MetricsEndpoint;
import io.sextant.common.security.JdkListener;
import io.sextant.collector.outbox.Outbox;
import io.sextant.collector.outbox.SeriesStateStore;
import io.sextant.collector.uplink.EdgeUplink;
import io.sextant.common.bundle.KeyFiles;
import io.sextant.common.bus.Bus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.config.ConfigException;
import io.sextant.common.model.Action;
import io.sextant.common.model.Command;
import io.sextant.common.time.ScaledClock;
import io.sextant.edge.model.EdgeModelSettings;
import io.sextant.edge.model.EdgeModels;
import io.sextant.node.edge.config.EdgeConfig;
import io.sextant.node.edge.inputs.EdgeInputs;
import io.sextant.node.edge.state.DetectorCheckpoints;
import io.sextant.runbook.safety.AutomationControl;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sextant edge}: one site as its own process. Its inputs ({@link EdgeInputs}: the live site
 * or its copy of the simulated cloud) feed the site's pipeline ({@link EdgeSite}: collector →
 * reasoner with the pushed models → local repair) once per window; what a window produces goes
 * through the collector's {@link EdgeUplink} (upload policy, durable outbox, drain thread) to the
 * site's own Pulsar namespace, the only one it publishes into. From that namespace it takes the
 * centre's commands (applied by the inputs' actuator), its upload policy and its models.
 *
 * <p>An edge starts and works (detects, repairs locally, buffers) while the centre or the broker
 * is unreachable: every subscription is retried in the background until the broker answers.
 */
public final class EdgeNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EdgeNode.class);
  /** Printed on stdout once the node is producing; the lab and the tests wait for it. */
  public static final String READY = "SEXTANT EDGE READY";
  /** How many windows between the progress lines in the log (2 h of 10 s windows). */
  private static final int LOG_EVERY_WINDOWS = 720;

  private final EdgeConfig config;
  private final String site;
  private final EdgeInputs inputs;
  private final Clock clock;
  private final Duration step;
  private final PulsarBus pulsar;
  private final MessageBus bus;
  private final EdgeUplink uplink;
  private final EdgeSite edge;
  private final EdgeModels models;
  private final DetectorCheckpoints checkpoints;
  private final AutomationControl automation;
  /** The edge's own metrics: always kept, served on {@code ports.metrics} when it is set. */
  private final EdgeMeters meters = new EdgeMeters();
  private final MetricsEndpoint metrics;
  private final List<Bus.Subscription> subscriptions = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AtomicLong skippedWindows = new AtomicLong();
  private final AtomicLong commandsApplied = new AtomicLong();
  private final AtomicLong commandsFailed = new AtomicLong();
  private volatile boolean running = true;

  public EdgeNode(EdgeConfig config, Clock wall) throws IOException {
    this.config = config;
    this.site = config.site();
    Path dir = config.siteDir();
    Files.createDirectories(dir);
    List<AutoCloseable> opened = new ArrayList<>();
    boolean ok = false;
    try {
      this.pulsar = PulsarBus.connect(config.bus().pulsarConfig(site));
      opened.add(pulsar);
      this.bus = new MessageBus(pulsar);
      opened.add(meters);
      // The outbox's age bounds are about real outages, so it runs on the wall clock.
      this.uplink = EdgeUplink.builder(site, bus, dir.resolve("outbox.db")).clock(wall).metrics(meters.registry())
          .build();
      opened.add(uplink);
      // The adapters audit every call through the outbox, so a call made while cut off reaches the centre later.
      this.inputs = EdgeInputs.open(config, wall, uplink::audit);
      opened.add(inputs);
      this.clock = inputs.clock();
      this.step = inputs.step();
      this.automation = new AutomationControl(clock, config.automation());
      this.edge = EdgeSite.assemble(site, inputs.sources(), config.rules(), config.thresholds(), inputs.actuator(),
          clock, inputs.runbooks(), Uplink.of(uplink), automation);
      // What the detectors learned before a stop or a kill, back before the first window.
      this.checkpoints = new DetectorCheckpoints(site, edge.reasoner().detectors(),
          new SeriesStateStore(uplink.outbox()), clock, config.detectorState());
      checkpoints.restore();
      this.models = startModels(dir);
      background("commands", () -> subscriptions.add(bus.subscribe(Topic.COMMANDS, "edge-" + site, this::command)));
      uplink.start();
      bindMetrics(meters.registry());
      edge.attachHealth(t -> EdgeHealth.take(meters.registry(), site, t));
      this.metrics = config.metricsPort() == null ? null : new MetricsEndpoint(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), config.metricsPort()), meters,
          config.security().tls(), new JdkListener(config.security().gate(config.security().tokens(), false, wall, site)));
      if (metrics != null) {
        CollectorMetrics.httpRefusals(meters.registry(), "metrics", metrics::refused);
      }
      ok = true;
    } finally {
      if (!ok) {
        for (int i = opened.size() - 1; i >= 0; i--) {
          try {
            opened.get(i).close();
          } catch (Exception e) {
            log.warn("closing after a failed start: {}", e.toString());
          }
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
    if (config.trustedKeys().isEmpty()) {
      return null;
    }
    Map<String, PublicKey> keys = new LinkedHashMap<>();
    for (Path f : config.trustedKeys()) {
      try {
        PublicKey k = KeyFiles.readPublic(f);
        keys.put(KeyFiles.keyId(k), k);
      } catch (IOException | RuntimeException e) {
        throw new ConfigException("models.trusted-keys: cannot read " + f + ": " + e.getMessage(), e);
      }
    }
    EdgeModels m = new EdgeModels(site, keys, inputs.modelInputs(), dir.resolve("models"), bus, clock,
        EdgeModelSettings.defaults());
    m.restore();
    edge.attachModels(m);
    background("model releases", m::subscribe);
    return m;
  }

  private void bindMetrics(MeterRegistry registry) {
    CollectorMetrics.bind(registry, edge.collector());
    inputs.bind(registry);
    bindDetection(registry);
    Meters.counter(registry, "sextant_edge_windows_skipped_total",
        "Live windows skipped because the previous one ran past them (slow sources).", skippedWindows, AtomicLong::get);
    Meters.counter(registry, "sextant_edge_commands_applied_total", "Commands from the centre the actuator carried "
        + "out.", commandsApplied, AtomicLong::get);
    Meters.counter(registry, "sextant_edge_commands_failed_total", "Commands from the centre the actuator refused or "
        + "failed.", commandsFailed, AtomicLong::get);
    if (models != null) {
      EdgeModels m = models;
      meters.gauges("sextant_edge_model_version", "Version of each pushed model this edge scores with.",
          () -> byLabel("model", m.running()));
      Meters.counter(registry, "sextant_edge_models_refused_total", "Model releases refused (signature, inputs).", m,
          EdgeModels::refusedCount);
      Meters.counter(registry, "sextant_edge_model_rollbacks_total", "Models this edge rolled back on probation.", m,
          EdgeModels::rollbackCount);
    }
  }

  private static Map<Tags, Number> byLabel(String key, Map<String, ? extends Number> values) {
    Map<Tags, Number> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(Tags.of(key, k), v));
    return out;
  }

  /**
   * What the detectors are doing: each learned rule's warm-up (its length in points, and the series
   * still in it, which may not fire yet), and the series each threshold holds in a level.
   */
  private void bindDetection(MeterRegistry registry) {
    var detectors = edge.reasoner().detectors();
    for (var r : detectors.rules().byMetric().values()) {
      Meters.gauge(registry, "sextant_edge_detector_warm_up_points", "Points a learned rule learns on a series before "
          + "it may fire, per metric.", r, x -> x.warmUpPoints(), "metric", r.metric(), "detector",
          r.detector().configName());
    }
    // One pass over the series for every metric (a gauge per metric would make one each).
    meters.gauges("sextant_edge_detector_warming_series", "Series of a learned rule still in their warm-up (silent), "
        + "per metric.", () -> byLabel("metric", detectors.warmingUp()));
    var thresholds = edge.reasoner().thresholds();
    for (String n : config.thresholds().byName().keySet()) {
      Meters.gauge(registry, "sextant_edge_threshold_firing_series", "Series in a level of a static threshold (no "
          + "warm-up), per threshold.", thresholds, t -> t.firingCount(n), "threshold", n);
    }
    Meters.gauge(registry, "sextant_edge_absent_series", "up series gone from their scrape's answer.",
        edge.reasoner().absent(), a -> a.absentCount());
    bindCheckpoints(registry);
  }

  private void bindCheckpoints(MeterRegistry registry) {
    DetectorCheckpoints c = checkpoints;
    Meters.counter(registry, "sextant_edge_detector_state_restored_total", "Series whose learned state was restored "
        + "at start (no warm-up).", c, DetectorCheckpoints::restored);
    String skipped = "sextant_edge_detector_state_skipped_total";
    String skippedHelp = "Checkpoint records not restored at start, by reason (the series warms up afresh).";
    Meters.counter(registry, skipped, skippedHelp, c, DetectorCheckpoints::corrupt, "reason", "corrupt");
    Meters.counter(registry, skipped, skippedHelp, c, DetectorCheckpoints::unmatched, "reason", "no_rule");
    Meters.counter(registry, skipped, skippedHelp, c, DetectorCheckpoints::expired, "reason", "expired");
    Meters.counter(registry, "sextant_edge_detector_checkpoints_total", "Checkpoints of the detectors' learned state "
        + "written.", c, DetectorCheckpoints::checkpoints);
    Meters.counter(registry, "sextant_edge_detector_checkpoint_failures_total", "Checkpoints (or the restore) that "
        + "failed as a whole.", c, DetectorCheckpoints::failures);
    Meters.gauge(registry, "sextant_edge_detector_checkpoint_series", "Series in the last checkpoint.", c,
        x -> x.lastWritten().records());
    Meters.gauge(registry, "sextant_edge_detector_checkpoint_bytes", "Bytes of state in the last checkpoint.", c,
        x -> x.lastWritten().bytes());
    Meters.gauge(registry, "sextant_edge_detector_checkpoint_seconds", "How long the last checkpoint took.", c,
        DetectorCheckpoints::lastSeconds);
  }

  /** Runs {@code subscribe} on a daemon thread until it succeeds or the node stops, waiting between tries. */
  private void background(String what, Runnable subscribe) {
    Thread t = new Thread(() -> {
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
    }, what.replace(' ', '-') + "-" + site);
    t.setDaemon(true);
    t.start();
  }

  /**
   * Carries out a command from the centre; the consumer acknowledges it only after this returns
   * (a simulated copy has recorded it by then). A refusal is final, not retried: it is counted and
   * logged, and the centre sees the outcome in the KPIs it verifies.
   */
  private void command(Command c) {
    if (c.kind() == Command.Kind.HELLO) {
      log.info("site {}: the centre started at {}", site, c.time());
      return;
    }
    Action a = c.action();
    var r = c.kind() == Command.Kind.ROLLBACK ? inputs.actuator().rollback(a) : inputs.actuator().apply(a);
    (r.ok() ? commandsApplied : commandsFailed).incrementAndGet();
    log.info("site {}: command {} {} {} on {}: {}", site, c.kind(), a.id(), a.kind(), a.target(), r.detail());
  }

  /** Produces windows until {@link #stop()} (or the inputs' last window), then returns. */
  public void run(PrintStream out) throws InterruptedException {
    Instant next = inputs.firstWindow();
    out.println(READY + " site=" + site + " namespace=" + pulsar.config().tenant() + "/" + pulsar.config().namespace()
        + " mode=" + inputs.describe() + " sources=" + edge.collector().sourceNames()
        + (metrics == null ? "" : " metrics=" + (config.security().tls() == null ? "http" : "https")
            + "://127.0.0.1:" + metrics.port() + "/metrics"));
    out.flush();
    Instant last = inputs.lastWindow();
    long windows = 0;
    while (running) {
      if (last != null && next.isAfter(last)) {
        Thread.sleep(200); // done producing; the drain goes on until stopped
        continue;
      }
      ScaledClock.sleepUntil(clock, next, () -> running);
      if (!running) {
        break;
      }
      edge.window(next);
      inputs.windowDone(next);
      checkpoints.afterWindow(next);
      next = next.plus(step);
      if (inputs.skipsMissedWindows() && clock.instant().isAfter(next)) {
        // Slow sources ran past the next window: skip to the coming one rather than read the
        // sources back to back with windows stamped in the past.
        Instant coming = inputs.firstWindow();
        skippedWindows.addAndGet(Duration.between(next, coming).dividedBy(step));
        next = coming;
      }
      if (++windows % LOG_EVERY_WINDOWS == 0) {
        log.info("site {}: window {} done, outbox depth {}, link {}", site, next.minus(step), uplink.outbox().depth(),
            uplink.linkUp() ? "up" : "down");
      }
    }
  }

  public void stop() {
    running = false;
  }

  public String site() {
    return site;
  }

  public EdgeSite pipeline() {
    return edge;
  }

  /** The edge's safety switches: dry run, pause, freezes, budget (set at start from {@code automation:}). */
  public AutomationControl automation() {
    return automation;
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
    for (Bus.Subscription s : subscriptions) {
      try {
        s.close();
      } catch (RuntimeException e) {
        log.warn("closing a subscription: {}", e.toString());
      }
    }
    checkpoints.checkpoint(); // the window loop has ended (or ends its window first: both lock the detectors)
    inputs.close();
    uplink.close();
    try {
      bus.close();
    } catch (RuntimeException e) {
      log.warn("closing the bus: {}", e.toString());
    }
    meters.close();
  }
}
