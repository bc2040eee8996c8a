package io.sextant.deploy.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.bus.pulsar.PulsarBus;
import io.sextant.bus.pulsar.PulsarBusConfig;
import io.sextant.common.action.ActionResult;
import io.sextant.common.action.Actuator;
import io.sextant.common.bus.Bus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.codec.JsonCodec;
import io.sextant.common.model.Action;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.Detection;
import io.sextant.common.model.FaultKind;
import io.sextant.common.model.Message;
import io.sextant.common.model.Sample;
import io.sextant.common.topology.Topology;
import io.sextant.node.edge.EdgeSite;
import io.sextant.node.edge.inputs.SimulatedSiteSource;
import io.sextant.node.edge.Uplink;
import io.sextant.deploy.cli.PulsarCommand;
import io.sextant.node.edge.config.EdgeConfigFile;
import io.sextant.sim.SimulationSettings;
import io.sextant.node.central.CentralNode;
import io.sextant.node.edge.EdgeNode;
import io.sextant.sim.replica.EdgeState;
import io.sextant.bus.pulsar.FanInBus;
import io.sextant.common.time.ScaledClock;
import io.sextant.collector.outbox.Outbox;
import io.sextant.collector.outbox.OutboxConfig;
import io.sextant.collector.outbox.SeriesStateStore;
import io.sextant.edge.detect.DetectorRule;
import io.sextant.edge.detect.DetectorRules;
import io.sextant.pulsar.launcher.BrokerProcess;
import io.sextant.runbook.load.RunbookLoader;
import io.sextant.common.time.MutableClock;
import io.sextant.sim.Fault;
import io.sextant.sim.Kpis;
import io.sextant.sim.SimulatedCloud;
import io.sextant.sim.CloudSpec;
import io.sextant.testkit.postgres.SharedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures with real processes, each checked against the central store: nothing lost, nothing
 * doubled, and per-series order on the bus. A PostgreSQL (in this JVM) and a Pulsar standalone
 * ({@code sextant pulsar} as a child JVM, so it can be frozen) are shared; each test runs its own
 * {@code sextant central} and {@code sextant edge --site edge-1} child JVMs on its own stretch of
 * simulated time (so the tests' rows never collide in the store). What the edge should have sent
 * is replayed in this JVM from the same seeded site through the same {@link EdgeSite} pipeline.
 */
class FailureIT {
  private static final String SITE = "edge-1";
  private static final Duration SETTLE = Duration.ofMinutes(3);

  /** The central-kill run: 15 simulated minutes with no fault, so the edge sends samples only. */
  private static final Scenario QUIET =
      new Scenario(SimulationSettings.Faults.NONE, Duration.ofMinutes(15), 30, 30, null);
  /**
   * The edge-outage run: the default schedule's first 42 simulated minutes (seed 1: a link loss
   * from 10:57, edge-1/gpu1's GPUs down from 25:09, edge-1/api's CPU saturated from 40:18 and
   * scaled out by the edge itself at 40:25), at 20x for the 3 minutes from each fault's start and
   * 30x otherwise. The edge's probe-loss and GPU-health rules are muted: their detections start
   * the centre's runbooks (reroute, migrate), whose commands change the edge's copy of the cloud
   * at whichever window they happen to arrive (none while the edge is cut off), so what the edge
   * sends afterwards would depend on timing. Without them it is a function of the seed and of the
   * window the restarted edge resumed from, which is what the test replays.
   */
  private static final Scenario FAULTED = new Scenario(SimulationSettings.Faults.DEFAULT, Duration.ofMinutes(42), 30,
      20, withoutCentralTriggers());
  /**
   * Simulated time at which the edge is cut off. The edge restarted while the broker is frozen can
   * take 30 s and more to start (its first bus calls wait for their timeout), 15 simulated minutes
   * at 30x, and it must have caught up before the CPU fault (40:18): its local repair acts and
   * verifies on its own clock, which runs ahead of the windows while it catches up.
   */
  private static final Duration CUT_AT = Duration.ofMinutes(10);

  /** A run's simulated site: faults, length, pace, and the edge's detector rules (null: the defaults). */
  private record Scenario(SimulationSettings.Faults faults, Duration runFor, double speed, double faultSpeed,
      DetectorRules rules) {
    DetectorRules edgeRules() {
      return rules == null ? DetectorRules.defaults() : rules;
    }
  }

  /**
   * Every default rule, those of probe loss and GPU health with a warm-up longer than any run, so
   * they never fire. (Muted rather than left out, so the edge runs these rules whether a configured
   * list replaces the defaults or goes on top of them.)
   */
  private static DetectorRules withoutCentralTriggers() {
    Map<String, DetectorRule> rules = new LinkedHashMap<>(DetectorRules.defaults().byMetric());
    for (String metric : List.of(Kpis.PROBE_LOSS, Kpis.NODE_GPU_UP)) {
      rules.put(metric, rules.get(metric).withWarmUpPoints(1_000_000));
    }
    return new DetectorRules(rules);
  }

  @TempDir
  static Path shared;
  private static SharedPostgres.Database pg;
  private static BrokerProcess pulsar;
  private static String serviceUrl;

  private final List<ChildProcess> children = new ArrayList<>();

  @BeforeAll
  static void startStoreAndBroker() throws Exception {
    pg = SharedPostgres.fresh("failure");
    pulsar = BrokerProcess.start(BrokerProcess.Options.of(PulsarBusConfig.DEFAULT_TENANT,
        CloudSpec.defaults().withEdgeSites(1).siteIds()).withLog(shared.resolve("pulsar.log")));
    serviceUrl = pulsar.serviceUrl();
  }

  @AfterAll
  static void stop() {
    if (pulsar != null) {
      pulsar.close();
    }
  }

  /** Issue 7: the central process is SIGKILLed mid-stream and restarted. */
  @Test
  void aCentralKilledMidStreamLosesAndDoublesNothing(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir)
      throws Exception {
    Run run = new Run(dir, Instant.parse("2026-01-05T00:00:00Z"), "order-central-kill", QUIET);
    try (run) {
      int remoteWritePort = freePort();
      Files.writeString(run.centralConfig, Files.readString(run.centralConfig)
          .replace("store:\n", "store:\n  remote-write-listen: 127.0.0.1:" + remoteWritePort + "\n"));
      ChildProcess central = run.central();
      run.edge();
      run.awaitStored(run.expected.samples() / 4);
      long before = run.stored();
      run.kill(central);
      assertThat(before).as("killed mid-stream").isLessThan(run.expected.samples());
      Thread.sleep(3000);
      run.central();
      run.assertEverySampleStoredOnceInOrder();
      // The restarted centre also serves Prometheus remote write (issue 5): a real-format request
      // (snappy-compressed WriteRequest) is stored once, also when Prometheus re-sends it.
      Instant t0 = run.epoch.minus(Duration.ofHours(12));
      byte[] body = org.xerial.snappy.Snappy.compress(writeRequest("rw_probe_total", t0, 20));
      assertThat(postRemoteWrite(remoteWritePort, body)).isEqualTo(204);
      assertThat(postRemoteWrite(remoteWritePort, body)).as("a re-send").isEqualTo(204);
      try (Connection c = pg.dataSource().getConnection();
          PreparedStatement q = c.prepareStatement("SELECT count(*) FROM samples s JOIN series r USING (series_id)"
              + " WHERE r.metric = 'rw_probe_total'")) {
        ResultSet rs = q.executeQuery();
        rs.next();
        assertThat(rs.getLong(1)).as("remote-written samples stored once").isEqualTo(20);
      }
    } finally {
      children.forEach(ChildProcess::close);
    }
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static int postRemoteWrite(int port, byte[] body) throws Exception {
    var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/write"))
        .header("Content-Encoding", "snappy").header("Content-Type", "application/x-protobuf")
        .header("X-Prometheus-Remote-Write-Version", "0.1.0")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build();
    return java.net.http.HttpClient.newHttpClient()
        .send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** One series, {@code n} samples a second apart, as remote write 1.0 encodes it (before snappy). */
  private static byte[] writeRequest(String metric, Instant start, int n) throws IOException {
    var series = new java.io.ByteArrayOutputStream();
    var out = com.google.protobuf.CodedOutputStream.newInstance(series);
    String[][] labels = {{"__name__", metric}, {"instance", "prometheus:9090"}, {"job", "failure-it"}};
    for (String[] l : labels) {
      var label = new java.io.ByteArrayOutputStream();
      var lo = com.google.protobuf.CodedOutputStream.newInstance(label);
      lo.writeString(1, l[0]);
      lo.writeString(2, l[1]);
      lo.flush();
      out.writeByteArray(1, label.toByteArray());
    }
    for (int i = 0; i < n; i++) {
      var sample = new java.io.ByteArrayOutputStream();
      var so = com.google.protobuf.CodedOutputStream.newInstance(sample);
      so.writeDouble(1, i);
      so.writeInt64(2, start.plusSeconds(i).toEpochMilli());
      so.flush();
      out.writeByteArray(2, sample.toByteArray());
    }
    out.flush();
    var request = new java.io.ByteArrayOutputStream();
    var ro = com.google.protobuf.CodedOutputStream.newInstance(request);
    ro.writeByteArray(1, series.toByteArray());
    ro.flush();
    return request.toByteArray();
  }

  /**
   * Issue 4: under steady load the edge is cut from the centre (the broker is frozen with
   * SIGSTOP: no acknowledgement, no delivery), SIGKILLed during the outage and restarted while
   * still cut off; the link is restored (SIGCONT) once the restarted edge has detected the failure
   * of its own GPU node, edge-1/gpu1. Later edge-1/api's CPU saturates and the edge scales it out
   * on its own. Every sample, detection and local action step the two edge processes produced
   * reaches the store exactly once, in order per series and per resource.
   */
  @Test
  void anEdgeCutOffAndKilledDuringTheOutageDeliversEverythingOnceInOrder(
      @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) throws Exception {
    Run run = new Run(dir, Instant.parse("2026-02-05T00:00:00Z"), "order-edge-outage", FAULTED);
    try (run) {
      Fault gpu = run.fault(FaultKind.GPU_NODE_FAILURE);
      run.central();
      ChildProcess edge = run.edge();
      run.awaitSimulated(run.epoch.plus(CUT_AT));
      Instant cut = run.simulatedNow();
      Instant killedAfter;
      Duration restartedIn;
      Instant resume;
      Instant restored;
      Map<Long, byte[]> checkpoint;
      signal("STOP", pulsar.pid());
      try {
        Thread.sleep(3000);
        run.kill(edge);
        killedAfter = run.edgeWindow();
        checkpoint = run.detectorCheckpoint();
        Thread.sleep(1000);
        long startedAt = System.nanoTime();
        resume = run.restartEdge(); // produces with the broker unreachable: the outbox buffers
        restartedIn = Duration.ofNanos(System.nanoTime() - startedAt);
        run.awaitEdgeWindow(gpu.start().plus(Duration.ofMinutes(1)));
        restored = run.edgeWindow();
      } finally {
        signal("CONT", pulsar.pid());
      }
      // The restarted edge's detectors go on from their last checkpoint before the kill (not from the
      // last window), so the expectation is replayed in two parts around the window it resumed from,
      // the second part's detectors restored from the records the restarted edge found.
      assertThat(checkpoint).as("the killed edge had checkpointed its detectors").isNotEmpty();
      run.expected = run.replay(resume, checkpoint);
      String timeline = String.format("cut at %s, killed after window %s, restarted in %d s (wall) and resumed from %s, "
          + "link back after window %s", cut, killedAfter, restartedIn.toSeconds(), resume, restored);
      List<Detection> whileCut = run.expected.detections().stream()
          .filter(d -> d.time().isAfter(cut) && !d.time().isAfter(restored)).toList();
      assertThat(whileCut).as("detections the edge produced while cut off (%s)", timeline).isNotEmpty();
      run.assertEverySampleStoredOnceInOrder();
      run.assertEveryDetectionStoredOnceInOrder();
      run.assertEveryActionEventStoredOnce();
      System.out.printf("FailureIT %s: %s; %d detections produced while cut off%n", dir.getFileName(), timeline,
          whileCut.size());
    } finally {
      children.forEach(ChildProcess::close);
    }
  }

  private static void signal(String sig, long pid) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start();
    assertThat(p.waitFor()).as("kill -%s %d", sig, pid).isZero();
  }

  /** What the edge should have sent over a run, as replayed in this JVM. */
  private record Expected(long samples, List<Detection> detections, List<Detection> racy, List<ActionEvent> events) {}

  /** One deployment's stretch of simulated time: its configs, children and expectations. */
  private final class Run implements AutoCloseable {
    final Path dir;
    final Scenario scenario;
    final SimulationSettings sim;
    final ScaledClock simulated;
    final Instant epoch;
    final Instant end;
    final List<Instant> windows = new ArrayList<>();
    Expected expected;
    final List<Instant> arrivals = new CopyOnWriteArrayList<>();
    final List<Detection> detectionArrivals = new CopyOnWriteArrayList<>();
    final Set<String> eventArrivals = ConcurrentHashMap.newKeySet();
    final PulsarBus observer;
    final List<Bus.Subscription> observed = new ArrayList<>();
    final Path centralConfig;
    final Path edgeConfig;
    final Path edgeState;
    /** The children that should be running (not the ones a test killed). */
    final List<ChildProcess> live = new CopyOnWriteArrayList<>();

    Run(Path dir, Instant epoch, String orderSubscription, Scenario scenario) throws Exception {
      this.dir = dir;
      this.scenario = scenario;
      this.epoch = epoch;
      this.end = epoch.plus(scenario.runFor());
      this.sim = new SimulationSettings(1, 1, Duration.ZERO, scenario.speed(), scenario.speed(), scenario.faultSpeed(),
          epoch, Instant.now().plusSeconds(15), scenario.faults(), scenario.runFor());
      this.simulated = sim.clock(Clock.systemUTC());
      Duration step = sim.spec().step();
      for (Instant t = epoch.plus(step); !t.isAfter(end); t = t.plus(step)) {
        windows.add(t);
      }
      this.expected = replay(null);
      // Subscribed before the edge publishes, so they see every message in the order the broker has
      // them; the topics still hold an earlier test's messages, which "earliest" reads: filtered out.
      this.observer = PulsarBus.connect(PulsarBusConfig.of(serviceUrl, "central"));
      MessageBus bus = new MessageBus(observer);
      observed.add(bus.subscribe(siteTopic(Topic.SAMPLES), orderSubscription, b -> {
        if (inRun(b.time())) {
          arrivals.add(b.time());
        }
      }));
      observed.add(bus.subscribe(siteTopic(Topic.DETECTIONS), orderSubscription, d -> {
        if (inRun(d.time())) {
          detectionArrivals.add(d);
        }
      }));
      observed.add(bus.subscribe(siteTopic(Topic.ACTION_EVENTS), orderSubscription, e -> {
        if (e.time().isAfter(epoch) && e.time().isBefore(epoch.plus(Duration.ofDays(1)))) {
          eventArrivals.add(e.id()); // an action's time is the edge's clock at the step, not a window
        }
      }));
      this.centralConfig = LabConfigs.central(dir, serviceUrl, pg.jdbcUrl(), List.of(SITE), sim);
      this.edgeConfig = LabConfigs.edge(dir, serviceUrl, dir.resolve("edge-data"), sim, scenario.rules());
      this.edgeState = dir.resolve("edge-data").resolve(SITE).resolve("edge-state.json");
      assertThat(EdgeConfigFile.load(edgeConfig, null).rules()).as("the rules the edge reads from " + edgeConfig)
          .isEqualTo(scenario.edgeRules());
    }

    private <T extends Message> Topic<T> siteTopic(Topic<T> t) {
      return t.withName(FanInBus.topicIn("sextant", SITE, t.name()));
    }

    private boolean inRun(Instant t) {
      return t.isAfter(epoch) && !t.isAfter(end);
    }

    /** The scenario's only fault of {@code kind}. */
    Fault fault(FaultKind kind) {
      List<Fault> found = sim.cloud().schedule().faults().stream().filter(f -> f.kind() == kind).toList();
      assertThat(found).as("%s faults in the schedule", kind).hasSize(1);
      assertThat(found.get(0).start()).as("the %s fault starts within the run", kind).isBefore(end);
      return found.get(0);
    }

    /**
     * Replays the edge over the run: one pipeline from the first window, and, when the edge was
     * restarted and resumed from window {@code resume}, a fresh pipeline from that window on, over
     * a copy of the cloud with the first one's changes before it (as {@code EdgeState} rebuilds it).
     * {@code racy}: what the killed edge would have sent for {@code resume} itself, which reaches
     * the centre if the kill fell between the outbox commit of that window and the state's record
     * of it (the restart then produces the window again, with fresh detectors).
     */
    Expected replay(Instant resume) {
      return replay(resume, Map.of());
    }

    /** As {@link #replay(Instant)}, the detectors after {@code resume} restored from {@code checkpoint}. */
    Expected replay(Instant resume, Map<Long, byte[]> checkpoint) {
      MutableClock clock = new MutableClock(epoch);
      Replayed first = new Replayed(sim.cloud(), clock, scenario.edgeRules());
      for (Instant t : windows) {
        if (resume != null && t.isAfter(resume)) {
          break;
        }
        first.window(t);
      }
      if (resume == null) {
        return new Expected(first.samples(t -> true), first.detections(t -> true), List.of(), first.events);
      }
      assertThat(windows).as("resumed from a window of the run").contains(resume);
      SimulatedCloud copy = sim.cloud();
      for (Change c : first.changes) {
        if (c.window().isBefore(resume)) {
          if (c.rollback()) {
            copy.rollback(c.action());
          } else {
            copy.apply(c.action());
          }
        }
      }
      assertThat(first.events).as("no local action step at the window the edge resumed from")
          .noneMatch(e -> e.time().equals(resume));
      Replayed second = new Replayed(copy, clock, scenario.edgeRules());
      checkpoint.forEach((series, state) -> assertThat(second.edge.reasoner().detectors().restore(series, state))
          .as("series %d restored", series).isTrue());
      windows.stream().filter(t -> !t.isBefore(resume)).forEach(second::window);
      List<Detection> detections = new ArrayList<>(first.detections(t -> t.isBefore(resume)));
      detections.addAll(second.detections(t -> true));
      Set<String> ids = detections.stream().map(Detection::id).collect(Collectors.toSet());
      List<Detection> racy = first.detections(t -> t.equals(resume)).stream()
          .filter(d -> !ids.contains(d.id())).toList();
      List<ActionEvent> events = new ArrayList<>(first.events.stream().filter(e -> e.time().isBefore(resume)).toList());
      events.addAll(second.events);
      return new Expected(first.samples(t -> t.isBefore(resume)) + second.samples(t -> true), detections, racy,
          events);
    }

    ChildProcess central() throws IOException, InterruptedException {
      ChildProcess c = ChildProcess.start("central", "384m", dir.resolve("central-" + children.size() + ".log"),
          List.of("central", "--config", centralConfig.toString()));
      children.add(c);
      live.add(c);
      c.awaitLine(CentralNode.READY, Duration.ofMinutes(3));
      return c;
    }

    ChildProcess edge() throws IOException, InterruptedException {
      return startEdge().process();
    }

    private record Started(ChildProcess process, String readyLine) {}

    private Started startEdge() throws IOException, InterruptedException {
      ChildProcess c = ChildProcess.start("edge", "256m", dir.resolve("edge-" + children.size() + ".log"),
          List.of("edge", "--site", SITE, "--config", edgeConfig.toString()));
      children.add(c);
      live.add(c);
      return new Started(c, c.awaitLine(EdgeNode.READY, Duration.ofMinutes(3)));
    }

    /** Starts the edge again (the one before was killed) and returns the window it resumes from. */
    Instant restartEdge() throws IOException, InterruptedException {
      String ready = startEdge().readyLine();
      Matcher m = Pattern.compile(" resume=(\\S+)").matcher(ready);
      assertThat(m.find()).as("the resumed window in %s", ready).isTrue();
      return Instant.parse(m.group(1));
    }

    /** The detector records in the (killed) edge's outbox file: what a restarted edge restores. */
    Map<Long, byte[]> detectorCheckpoint() {
      Map<Long, byte[]> out = new LinkedHashMap<>();
      Path file = edgeState.resolveSibling("outbox.db");
      try (Outbox o = new Outbox(OutboxConfig.defaults(file), Clock.systemUTC())) {
        new SeriesStateStore(o).restore(Long.MIN_VALUE, (series, last, state) -> out.put(series, state));
      }
      return out;
    }

    void kill(ChildProcess c) throws InterruptedException {
      live.remove(c);
      c.kill();
    }

    Instant simulatedNow() {
      return simulated.instant();
    }

    void awaitSimulated(Instant t) throws Exception {
      await("simulated time " + t, () -> !simulated.instant().isBefore(t));
    }

    /** The last window the edge has committed to its outbox (its state file, replaced atomically). */
    Instant edgeWindow() {
      return Files.exists(edgeState) ? EdgeState.load(edgeState).lastWindow() : null;
    }

    void awaitEdgeWindow(Instant t) throws Exception {
      await("the edge's window " + t, () -> {
        Instant w = edgeWindow();
        return w != null && !w.isBefore(t);
      });
    }

    long stored() throws SQLException {
      try (Connection c = pg.dataSource().getConnection();
          // The nodes' own health series (HealthSeries) are not in the replay: the edge's vary with
          // its process, the centre writes its own.
          PreparedStatement q = c.prepareStatement("SELECT count(*) FROM samples s JOIN series r USING (series_id)"
              + " WHERE s.time > ? AND s.time <= ? AND coalesce(r.labels->>'resource', '') NOT LIKE 'process:%'")) {
        q.setTimestamp(1, Timestamp.from(epoch));
        q.setTimestamp(2, Timestamp.from(end));
        try (ResultSet rs = q.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    }

    void awaitStored(long atLeast) throws Exception {
      await(atLeast + " samples stored", () -> stored() >= atLeast);
    }

    /** Polls {@code done} until it holds, failing after {@link #SETTLE} or when a child that should run died. */
    void await(String what, Callable<Boolean> done) throws Exception {
      long deadline = System.nanoTime() + SETTLE.toNanos();
      while (!done.call()) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("timed out waiting for " + what + " (" + stored() + " samples stored); logs in "
              + dir);
        }
        for (ChildProcess c : live) {
          if (!c.isAlive()) {
            throw new AssertionError(c.name() + " died:\n" + c.tail(30));
          }
        }
        Thread.sleep(500);
      }
    }

    /**
     * Every sample of every window stored exactly once, no window missing on the bus, and the
     * windows reached the centre's topic in order (a re-sent window may come again, but never
     * after a later one was first seen).
     */
    void assertEverySampleStoredOnceInOrder() throws Exception {
      long want = expected.samples();
      awaitStored(want);
      Thread.sleep(3000); // a late duplicate would show up as an extra row now
      assertThat(stored()).as("samples stored (expected exactly %d)", want).isEqualTo(want);
      List<Instant> firsts = new ArrayList<>(new LinkedHashSet<>(arrivals));
      assertThat(firsts).as("windows in first-arrival order").isSorted().containsExactlyElementsOf(windows);
      try (Connection c = pg.dataSource().getConnection();
          PreparedStatement q = c.prepareStatement("SELECT count(*) FROM (SELECT series_id, time FROM samples "
              + "WHERE time > ? AND time <= ? GROUP BY 1, 2 HAVING count(*) > 1) d")) {
        q.setTimestamp(1, Timestamp.from(epoch));
        q.setTimestamp(2, Timestamp.from(end));
        try (ResultSet rs = q.executeQuery()) {
          rs.next();
          assertThat(rs.getLong(1)).as("(series, time) stored more than once").isZero();
        }
      }
      System.out.printf("FailureIT %s: %d samples stored once for %d windows; %d batches arrived (%d re-sent)%n",
          dir.getFileName(), want, windows.size(), arrivals.size(), arrivals.size() - windows.size());
    }

    /**
     * Every replayed detection stored exactly once (the store keys detections by their id, a hash
     * of site, series, state and time, so a re-sent one cannot add a row: what is checked is that
     * none is missing and none is extra), and per resource they first reached the centre's topic
     * in time order. The one allowance is {@link Expected#racy}: all of it or none.
     */
    void assertEveryDetectionStoredOnceInOrder() throws Exception {
      Set<String> want = expected.detections().stream().map(Detection::id).collect(Collectors.toSet());
      await(want.size() + " detections stored", () -> storedDetections().keySet().containsAll(want));
      Map<String, Detection.State> stored = storedDetections();
      Set<String> extra = new HashSet<>(stored.keySet());
      extra.removeAll(want);
      Set<String> racy = expected.racy().stream().map(Detection::id).collect(Collectors.toSet());
      assertThat(extra).as("detections stored that the edge should not have produced (replayed: %s)",
          expected.detections()).satisfiesAnyOf(e -> assertThat(e).isEmpty(), e -> assertThat(e).isEqualTo(racy));
      await("every stored detection on the observer's subscription",
          () -> detectionArrivals.stream().map(Detection::id).collect(Collectors.toSet()).containsAll(stored.keySet()));
      Map<String, List<Detection>> firstsByResource = new TreeMap<>();
      Set<String> seen = new HashSet<>();
      for (Detection d : detectionArrivals) {
        if (seen.add(d.id())) {
          firstsByResource.computeIfAbsent(d.resource(), r -> new ArrayList<>()).add(d);
        }
      }
      firstsByResource.forEach((resource, ds) -> assertThat(ds.stream().map(Detection::time).toList())
          .as("detections of %s in first-arrival order", resource).isSorted());
      assertThat(seen).as("detections on the bus").isEqualTo(stored.keySet());
      System.out.printf("FailureIT %s: %d detections (%d firing) on %d resources stored once%s; %d arrived (%d re-sent)%n",
          dir.getFileName(), stored.size(), stored.values().stream().filter(s -> s == Detection.State.FIRING).count(),
          firstsByResource.size(), extra.isEmpty() ? "" : " (with the killed edge's last window)",
          detectionArrivals.size(), detectionArrivals.size() - seen.size());
    }

    private Map<String, Detection.State> storedDetections() throws SQLException {
      Map<String, Detection.State> stored = new LinkedHashMap<>();
      try (Connection c = pg.dataSource().getConnection();
          // The edge's own: the centre's no-data watch may also have said the site went quiet (true
          // during the outage when it outlasts no-data.after), in the centre's namespace.
          PreparedStatement q = c.prepareStatement("SELECT id, state FROM detections WHERE site = ? AND time > ? "
              + "AND time <= ? AND detector <> 'no-data' ORDER BY time, id")) {
        q.setString(1, SITE);
        q.setTimestamp(2, Timestamp.from(epoch));
        q.setTimestamp(3, Timestamp.from(end));
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            stored.put(rs.getString(1), Detection.State.valueOf(rs.getString(2)));
          }
        }
      }
      return stored;
    }

    /**
     * The edge's local action steps: every one on the bus stored exactly once, and per action the
     * same steps, in recording order, as the replay's. Ids cannot be compared with the replay's:
     * an action's id and time are the edge's clock when it acted, a little after its window.
     */
    void assertEveryActionEventStoredOnce() throws Exception {
      List<String> want = lifecycles(expected.events());
      await(expected.events().size() + " action events stored", () -> {
        List<ActionEvent> events = storedEvents();
        events.forEach(this::assertKeptUp);
        return events.size() >= expected.events().size();
      });
      List<ActionEvent> stored = storedEvents();
      assertThat(lifecycles(stored)).as("local actions and their steps, in recording order").isEqualTo(want);
      Set<String> ids = stored.stream().map(ActionEvent::id).collect(Collectors.toSet());
      assertThat(ids).as("action event ids stored once").hasSize(stored.size());
      await("every stored action event on the observer's subscription", () -> eventArrivals.containsAll(ids));
      assertThat(eventArrivals).as("action events on the bus").isEqualTo(ids);
      System.out.printf("FailureIT %s: %d action events stored once: %s%n", dir.getFileName(), stored.size(), want);
    }

    /**
     * The replay's premise for local repair: the edge acted on a detection within a window of it.
     * An edge catching up on missed windows runs its clock ahead of them, and verifies (or rolls
     * back) on that clock instead.
     */
    private void assertKeptUp(ActionEvent e) {
      expected.detections().stream().filter(d -> d.id().equals(e.action().trigger())).findFirst()
          .ifPresent(d -> assertThat(Duration.between(d.time(), e.action().time()))
              .as("the edge acted on %s of %s at %s by its clock: it was still catching up, so its local repair "
                  + "is not the replay's; logs in %s", d.id(), d.time(), e.action().time(), dir)
              .isLessThan(Duration.ofSeconds(30)));
    }

    private List<ActionEvent> storedEvents() throws Exception {
      List<ActionEvent> events = new ArrayList<>();
      try (Connection c = pg.dataSource().getConnection();
          PreparedStatement q = c.prepareStatement("SELECT doc FROM audit_log WHERE site = ? AND time > ? AND time < ? "
              + "ORDER BY seq")) {
        q.setString(1, SITE);
        q.setTimestamp(2, Timestamp.from(epoch));
        q.setTimestamp(3, Timestamp.from(epoch.plus(Duration.ofDays(1))));
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            events.add(JsonCodec.get().mapper().readValue(rs.getString(1), ActionEvent.class));
          }
        }
      }
      return events;
    }

    @Override
    public void close() {
      observed.forEach(Bus.Subscription::close);
      observer.close();
    }
  }

  /** Per action, in order of its first step: what it did, on what, for which trigger, and its steps. */
  private static List<String> lifecycles(List<ActionEvent> events) {
    Map<String, List<ActionEvent>> byAction = new LinkedHashMap<>();
    events.forEach(e -> byAction.computeIfAbsent(e.action().id(), k -> new ArrayList<>()).add(e));
    return byAction.values().stream().map(es -> {
      Action a = es.get(0).action();
      return a.runbook() + " " + a.kind() + " " + a.target() + " " + a.params() + " for " + a.trigger() + ": "
          + es.stream().map(e -> e.state().name()).collect(Collectors.joining(" "));
    }).toList();
  }

  /** A change the replayed edge made to its copy, and the window it made it in. */
  private record Change(Instant window, Action action, boolean rollback) {}

  /** One replayed edge pipeline ({@link EdgeSite#assemble}, as {@code sextant edge} builds it) and what it sent. */
  private static final class Replayed implements Uplink, Actuator {
    final SimulatedCloud cloud;
    final MutableClock clock;
    final EdgeSite edge;
    final Map<Instant, Integer> samples = new TreeMap<>();
    final Map<Instant, List<Detection>> detections = new TreeMap<>();
    final List<ActionEvent> events = new ArrayList<>();
    final List<Change> changes = new ArrayList<>();

    Replayed(SimulatedCloud cloud, MutableClock clock, DetectorRules rules) {
      this.cloud = cloud;
      this.clock = clock;
      this.edge = EdgeSite.assemble(SITE, List.of(new SimulatedSiteSource(cloud, SITE)), rules, this, clock,
          RunbookLoader.builtIn(), this);
    }

    void window(Instant t) {
      clock.set(t); // as the edge's shared clock reads when it produces window t
      edge.window(t);
    }

    long samples(Predicate<Instant> windows) {
      return samples.entrySet().stream().filter(e -> windows.test(e.getKey())).mapToLong(Map.Entry::getValue).sum();
    }

    List<Detection> detections(Predicate<Instant> windows) {
      return detections.entrySet().stream().filter(e -> windows.test(e.getKey()))
          .flatMap(e -> e.getValue().stream()).toList();
    }

    @Override
    public void window(String site, Instant windowEnd, List<Sample> s, List<Detection> d) {
      samples.put(windowEnd, s.size());
      detections.put(windowEnd, List.copyOf(d));
    }

    @Override
    public void audit(ActionEvent e) {
      events.add(e);
    }

    @Override
    public void report(Detection d) {
      detections.computeIfAbsent(clock.instant(), k -> new ArrayList<>()).add(d);
    }

    @Override
    public ActionResult apply(Action action) {
      ActionResult r = cloud.apply(action);
      if (r.ok()) {
        changes.add(new Change(clock.instant(), action, false));
      }
      return r;
    }

    @Override
    public ActionResult rollback(Action action) {
      ActionResult r = cloud.rollback(action);
      if (r.ok()) {
        changes.add(new Change(clock.instant(), action, true));
      }
      return r;
    }

    @Override
    public Topology topology() {
      return cloud.topology();
    }
  }
}
