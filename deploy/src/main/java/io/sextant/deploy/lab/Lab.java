package io.sextant.deploy.lab;

import io.sextant.common.model.HealthSeries;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import io.sextant.node.central.config.CentralConfig;
import io.sextant.bus.pulsar.PulsarBus;
import io.sextant.bus.pulsar.PulsarBusConfig;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.Alarm;
import io.sextant.sim.SimulationSettings;
import io.sextant.deploy.demo.DemoReport;
import io.sextant.deploy.demo.Scorer;
import io.sextant.deploy.demo.Summary;
import io.sextant.deploy.demo.Timeline;
import io.sextant.node.central.CentralNode;
import io.sextant.node.edge.EdgeNode;
import io.sextant.bus.pulsar.FanInBus;
import io.sextant.common.time.ScaledClock;
import io.sextant.pulsar.launcher.BrokerProcess;
import io.sextant.store.PostgresStore;
import io.sextant.store.StoreConfig;
import io.sextant.store.Stores;
import io.sextant.store.embedded.EmbeddedPostgresServer;
import io.sextant.sim.Fault;
import io.sextant.sim.GroundTruth;
import io.sextant.sim.SimulatedCloud;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code sextant lab}: the distributed mode on one machine. Starts (unless given) a PostgreSQL and
 * a Pulsar standalone (a child JVM, log in the work directory), then a {@code sextant central} child JVM and one {@code sextant edge} child
 * JVM per site (the central cloud's own site included), all on loopback with configuration files
 * written as an operator would. The default fault schedule plays on their shared simulated time;
 * the lab listens on the bus like any consumer, prints the timeline, then scores what the central
 * store recorded against the ground truth, exactly as the demo does.
 *
 * <p>{@link #close()} stops every child (SIGTERM, then SIGKILL after a grace period) and everything
 * the lab started; the CLI also calls it from a shutdown hook.
 */
public final class Lab implements AutoCloseable {
  /** Time the children get to start before simulated time begins; a late child catches up. */
  public static final Duration LEAD = Duration.ofSeconds(20);
  public static final Duration READY_TIMEOUT = Duration.ofMinutes(4);
  /** After the end, how long the store's sample count must stay unchanged to call the run drained. */
  public static final Duration QUIET = Duration.ofSeconds(5);
  public static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(2);

  /**
   * @param jdbcUrl an existing PostgreSQL, or null for an embedded one
   * @param serviceUrl an existing Pulsar (tenant sextant and the namespaces must exist), or null
   *     to start a standalone in a child JVM
   * @param workDir configuration files, logs and edge data; null for a temporary directory
   */
  public record Options(long seed, int edgeSites, Duration warmup, double warmupSpeed, double speed,
      double faultSpeed, String jdbcUrl, String jdbcUser, String jdbcPassword, String serviceUrl, Path workDir,
      boolean quiet) {
    /*
     * An edge sends its outbox one acknowledged message at a time (about a broker round trip
     * each, 10-30 ms on a busy 2-core machine), so each edge process keeps up with roughly 30
     * windows a second; 60x is 12 windows a second per site.
     */
    public static final double DEFAULT_WARMUP_SPEED = 60;
    public static final double DEFAULT_SPEED = 60;
    public static final double DEFAULT_FAULT_SPEED = 10;

    public Options {
      // Validates the simulation part with the same messages as a configuration file.
      new SimulationSettings(seed, edgeSites, warmup, warmupSpeed, speed, faultSpeed, null, Instant.EPOCH, null, null);
    }

    public static Options defaults(int edgeSites) {
      return new Options(SimulationSettings.DEFAULT_SEED, edgeSites, SimulationSettings.DEFAULT_WARMUP,
          DEFAULT_WARMUP_SPEED, DEFAULT_SPEED, DEFAULT_FAULT_SPEED, null, "postgres", null, null, null, false);
    }

    public Options withWorkDir(Path dir) {
      return new Options(seed, edgeSites, warmup, warmupSpeed, speed, faultSpeed, jdbcUrl, jdbcUser, jdbcPassword,
          serviceUrl, dir, quiet);
    }
  }

  /** What a lab run produced: the score and the processes' logs. */
  public record Result(DemoReport report, long samplesStored, Path workDir) {}

  private final Options options;
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final List<ChildProcess> children = new ArrayList<>();
  private boolean closed;

  public Lab(Options options) {
    this.options = options;
  }

  public Result run(PrintStream out) throws Exception {
    long wallStart = System.nanoTime();
    Path work = options.workDir() != null ? Files.createDirectories(options.workDir())
        : Files.createTempDirectory("sextant-lab-");
    SimulationSettings probe = new SimulationSettings(options.seed(), options.edgeSites(), options.warmup(),
        options.warmupSpeed(), options.speed(), options.faultSpeed(), null, Instant.EPOCH,
        SimulationSettings.Faults.DEFAULT, null);
    SimulatedCloud cloud = probe.cloud();
    Instant epoch = cloud.spec().start();
    // As the demo: a little past the schedule's tail, so the last fault's scale-out is seen given back.
    Instant end = cloud.schedule().end().orElseThrow().plus(io.sextant.deploy.demo.Demo.AFTER_SCHEDULE);
    List<String> sites = cloud.spec().siteIds();

    String jdbcUrl = options.jdbcUrl();
    if (jdbcUrl == null) {
      say(out, "Starting an embedded PostgreSQL...");
      EmbeddedPostgresServer pg = own(EmbeddedPostgresServer.start());
      jdbcUrl = pg.jdbcUrl();
    }
    String serviceUrl = options.serviceUrl();
    if (serviceUrl == null) {
      say(out, "Starting a Pulsar standalone on loopback in a child JVM (10-40 s)...");
      BrokerProcess pulsar = own(BrokerProcess.start(BrokerProcess.Options.of(PulsarBusConfig.DEFAULT_TENANT, sites)
          .withLog(work.resolve("pulsar.log"))));
      serviceUrl = pulsar.serviceUrl();
      say(out, "Pulsar standalone pid " + pulsar.pid() + " up in " + pulsar.startedIn().toSeconds() + " s");
    }
    say(out, "Store " + jdbcUrl + ", Pulsar " + serviceUrl + ", work directory " + work);

    // The lab's own subscriptions exist before any edge publishes, so the timeline misses nothing.
    PulsarBus labPulsar = own(PulsarBus.connect(PulsarBusConfig.of(serviceUrl, CentralConfig.CENTRAL)));
    MessageBus bus = new MessageBus(new FanInBus(labPulsar, PulsarBusConfig.DEFAULT_TENANT, sites));
    Timeline timeline = own(new Timeline(bus, epoch));

    SimulationSettings sim = probe.withStartWall(Instant.now().plus(LEAD))
        .withRunFor(Duration.between(epoch, end));
    ScaledClock clock = sim.clock(Clock.systemUTC());
    Path centralConfig = LabConfigs.central(work, serviceUrl, jdbcUrl, sites, sim);
    Path edgeConfig = LabConfigs.edge(work, serviceUrl, work.resolve("edge-data"), sim);

    say(out, String.format(Locale.ROOT, "Simulated cloud: seed %d, central + %d edge sites, %d nodes, %d links, "
        + "%d probe paths; warm-up %d min at %.0fx, then %.0fx real time (%.0fx for %d min from each fault's "
        + "start); simulated time starts at %s", options.seed(), options.edgeSites(), cloud.topology().nodes().size(),
        cloud.topology().links().size(), cloud.topology().paths().size(), options.warmup().toMinutes(),
        options.warmupSpeed(), options.speed(), sim.faultSpeed(), SimulationSettings.FOCUS.toMinutes(),
        sim.startWall()));
    for (Fault f : cloud.schedule().faults()) {
      say(out, "  scheduled: " + timeline.offset(f.start()) + " " + f.kind() + " on " + f.target());
    }
    ChildProcess central = child("central", "512m", work, List.of("central", "--config", centralConfig.toString()));
    String ready = central.awaitLine(CentralNode.READY, READY_TIMEOUT);
    int api = ready.indexOf(" api=");
    say(out, "central process " + central.pid() + " ready"
        + (api < 0 ? "" : ", alarm API (TMF642, Alertmanager v2) at " + ready.substring(api + 5).split(" ")[0]));
    List<ChildProcess> edges = new ArrayList<>();
    for (String site : sites) {
      edges.add(child("edge-" + site, "320m", work, List.of("edge", "--site", site, "--config", edgeConfig.toString())));
    }
    for (ChildProcess e : edges) {
      e.awaitLine(EdgeNode.READY, READY_TIMEOUT);
    }
    say(out, edges.size() + " edge processes ready (pids " + edges.stream().map(e -> Long.toString(e.pid())).toList()
        + ")");

    PostgresStore store = own(Stores.open(StoreConfig.external(jdbcUrl, options.jdbcUser(), options.jdbcPassword())));
    Instant shown = epoch;
    while (clock.instant().isBefore(end)) {
      Thread.sleep(250);
      Instant now = clock.instant();
      for (Fault f : cloud.schedule().faults()) {
        if (f.start().isAfter(shown) && !f.start().isAfter(now)) {
          timeline.add(f.start(), 0, "FAULT INJECTED " + f.kind() + " on " + f.target() + " (magnitude "
              + f.magnitude() + ")");
        }
        if (f.end().isAfter(shown) && !f.end().isAfter(now)) {
          timeline.add(f.end(), 0, "FAULT ENDED    " + f.kind() + " on " + f.target());
        }
      }
      shown = now;
      timeline.drain().forEach(line -> say(out, line));
      for (ChildProcess c : children) {
        if (!c.isAlive()) {
          throw new IOException(c.name() + " died; last output:\n" + c.tail(30));
        }
      }
    }
    awaitDrained(store);
    timeline.drain().forEach(line -> say(out, line));
    GroundTruth truth = ReplayedTruth.of(probe.cloud(), store.auditLog(), end);
    DemoReport report = Scorer.score(options.seed(), options.edgeSites(), truth, store);
    out.println();
    out.print(Summary.format(report, store.sampleCount(), (System.nanoTime() - wallStart) / 1e9));
    for (Alarm a : store.alarms()) {
      if (a.state() != Alarm.State.CLEARED) {
        out.println("  still open: " + a.id() + " " + a.perceivedSeverity() + " " + a.probableCause() + " on "
            + a.resource() + (a.rootCause() ? " (root cause; mitigated alarms stay open until a person clears them)"
                : ""));
      }
    }
    return new Result(report, store.sampleCount(), work);
  }

  /**
   * Waits until every edge's outbox has reached the store: the count of the sites' samples stops
   * moving. The nodes' own health series (resource {@code process:...}) are left out: the centre
   * keeps writing its own at every tick, so counting them would wait out the whole timeout, long
   * enough for the centre to alarm on the edges' silence after the run.
   */
  private static void awaitDrained(PostgresStore store) throws InterruptedException, SQLException {
    long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
    long last = -1;
    long stableSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      long n = siteSamples(store);
      if (n != last) {
        last = n;
        stableSince = System.nanoTime();
      } else if (System.nanoTime() - stableSince >= QUIET.toNanos()) {
        return;
      }
      Thread.sleep(500);
    }
  }

  private static long siteSamples(PostgresStore store) throws SQLException {
    try (Connection c = store.dataSource().getConnection();
        PreparedStatement q = c.prepareStatement("SELECT count(*) FROM samples s JOIN series r USING (series_id)"
            + " WHERE coalesce(r.labels->>'resource', '') NOT LIKE '" + HealthSeries.KIND + "%'");
        ResultSet rs = q.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private ChildProcess child(String name, String heap, Path work, List<String> args) throws IOException {
    ChildProcess c = ChildProcess.start(name, heap, work.resolve(name + ".log"), args);
    synchronized (this) {
      children.add(c);
      resources.push(c);
    }
    return c;
  }

  private synchronized <T extends AutoCloseable> T own(T resource) {
    resources.push(resource);
    return resource;
  }

  private void say(PrintStream out, String line) {
    if (!options.quiet()) {
      out.println(line);
    }
  }

  /** Stops the children first (they use the broker and the store), then the rest, newest first. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    children.parallelStream().forEach(ChildProcess::close);
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        System.err.println("lab: closing: " + e);
      }
    }
  }
}
