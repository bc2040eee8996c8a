package io.sextant.deploy.lab.netns;

import io.sextant.bus.pulsar.FanInBus;
import io.sextant.bus.pulsar.PulsarBus;
import io.sextant.bus.pulsar.PulsarBusConfig;
import io.sextant.common.bus.Bus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.Message;
import io.sextant.common.netns.NetLab;
import io.sextant.deploy.demo.Timeline;
import io.sextant.deploy.lab.ChildProcess;
import io.sextant.deploy.lab.netns.NetnsScorer.Played;
import io.sextant.deploy.lab.netns.NetnsScorer.Seen;
import io.sextant.deploy.lab.netns.NetnsTopology.Site;
import io.sextant.node.central.CentralNode;
import io.sextant.node.edge.EdgeNode;
import io.sextant.pulsar.launcher.BrokerProcess;
import io.sextant.store.embedded.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code sextant lab --netns}: Sextant on a real network. Builds {@link NetnsTopology} (a namespace
 * and an FRR router per site, two PoP routers, veth links, eBGP), starts PostgreSQL, Pulsar and
 * {@code sextant central} in the lab's own namespace (the broker on the management link, see
 * {@link NetnsTopology}) and one {@code sextant edge} per site inside its site's namespace, with
 * live sources only: the host, its own /metrics as a scrape target, the UDP probe mesh over the
 * routed paths, its router's BGP state. After a warm-up it plays {@link NetnsFault}s on real
 * packets, watches the bus and the standby links, and scores the wall-clock times.
 *
 * <p>{@link #close()} stops the processes, then removes every namespace, link and file (the CLI
 * also calls it from a shutdown hook); namespaces a killed run left are removed by the next one.
 */
public final class NetnsLab implements AutoCloseable {
  public static final Duration READY_TIMEOUT = Duration.ofMinutes(4);
  private static final Duration TICK = Duration.ofMillis(100);
  private static final Duration SETTLE = Duration.ofSeconds(2);

  /**
   * @param edgeSites edge sites besides the central site, 1..9
   * @param faults the schedule, from the end of the warm-up; empty for {@link NetnsFault#defaults}
   * @param warmup fault-free time after every probe path's loss detector has learned its warm-up
   *     windows (the detectors go on learning the healthy mesh)
   * @param jdbcUrl an existing PostgreSQL, or null for an embedded one
   * @param workDir configuration, logs and data; null for a temporary directory
   * @param tail how long the lab goes on watching after the last fault ended (late detections, and
   *     false alarms after a heal, are scored in it)
   * @param restoreWait how long after its end the lab waits, beyond the tail, for each rerouted
   *     lossy link to be restored (clear-windows, wait-to-restore, the restore's verification);
   *     zero: it does not wait, and nothing left rerouted is reported
   */
  public record Options(int edgeSites, List<NetnsFault> faults, Duration warmup, String jdbcUrl, String jdbcUser,
      Path workDir, boolean quiet, Duration tail, Duration restoreWait) {
    public static final Duration DEFAULT_WARMUP = Duration.ofSeconds(15);
    public static final Duration DEFAULT_TAIL = NetnsScorer.GRACE;
    /** 6 clear windows + 20 s wait-to-restore + the verification, with room for a restarted wait. */
    public static final Duration DEFAULT_RESTORE_WAIT = Duration.ofSeconds(75);

    /** Without waiting for restores (a test of the protection alone). */
    public Options(int edgeSites, List<NetnsFault> faults, Duration warmup, String jdbcUrl, String jdbcUser,
        Path workDir, boolean quiet, Duration tail) {
      this(edgeSites, faults, warmup, jdbcUrl, jdbcUser, workDir, quiet, tail, Duration.ZERO);
    }

    public Options {
      if (edgeSites < 1 || edgeSites > 9) {
        throw new IllegalArgumentException("--sites: 1..9 edge sites with --netns, not " + edgeSites);
      }
      faults = faults == null || faults.isEmpty() ? NetnsFault.defaults(edgeSites) : List.copyOf(faults);
      for (NetnsFault f : faults) {
        if (!NetnsTopology.siteIds(edgeSites).contains(f.site())) {
          throw new IllegalArgumentException("fault " + f.id() + ": no site " + f.site());
        }
      }
      jdbcUser = jdbcUser == null ? EmbeddedPostgresServer.USER : jdbcUser;
    }
  }

  /** The score and where the logs are. */
  public record Result(NetnsReport report, Path workDir) {}

  private final Options options;
  private final Clock clock;
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final List<ChildProcess> children = Collections.synchronizedList(new ArrayList<>());
  private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
  private NetLab lab;
  private boolean closed;

  public NetnsLab(Options options, Clock clock) {
    this.options = options;
    this.clock = clock;
  }

  public Result run(PrintStream out) throws Exception {
    Path work = options.workDir() != null ? Files.createDirectories(options.workDir())
        : Files.createTempDirectory("sextant-netlab-");
    synchronized (this) {
      lab = NetLab.open(); // removes what a killed lab left behind first
    }
    say(out, "Building the network in namespaces " + lab.dir().getFileName() + "-*: central + " + options.edgeSites()
        + " edge sites, pop-1, pop-2, FRR eBGP");
    NetnsTopology net = NetnsTopology.build(lab, options.edgeSites());
    net.awaitConverged();
    Map<String, ProtectionWatch> watches = new HashMap<>();
    net.sites().forEach(s -> watches.put(s.id(), new ProtectionWatch(s, net.sites())));
    Map<String, BgpOscillation> oscillations = new HashMap<>();
    for (NetnsFault f : options.faults()) {
      if (f.kind() == NetnsFault.Kind.BGP_OSCILLATION && !oscillations.containsKey(f.site())) {
        say(out, "Peering exabgp with " + f.site() + " on two sessions for " + f);
        oscillations.put(f.site(), BgpOscillation.build(lab, net.site(f.site())));
      }
    }
    List<String> sites = net.sites().stream().map(Site::id).toList();

    String jdbcUrl = options.jdbcUrl();
    if (jdbcUrl == null) {
      say(out, "Starting an embedded PostgreSQL...");
      jdbcUrl = own(EmbeddedPostgresServer.start()).jdbcUrl();
    }
    say(out, "Starting a Pulsar standalone at " + NetnsTopology.BROKER_HOST + " (the management link)...");
    BrokerProcess pulsar = own(BrokerProcess.start(BrokerProcess.Options.of(PulsarBusConfig.DEFAULT_TENANT, sites)
        .withHost(NetnsTopology.BROKER_HOST).withLog(work.resolve("pulsar.log"))));
    String serviceUrl = pulsar.serviceUrl();

    PulsarBus labPulsar = own(PulsarBus.connect(PulsarBusConfig.of(serviceUrl, NetnsTopology.CENTRAL)));
    MessageBus bus = new MessageBus(new FanInBus(labPulsar, PulsarBusConfig.DEFAULT_TENANT, sites));
    Instant origin = clock.instant();
    Timeline timeline = own(new Timeline(bus, origin));
    for (Topic<? extends Message> t : List.of(Topic.DETECTIONS, Topic.DIAGNOSES, Topic.ACTION_EVENTS, Topic.ALARMS)) {
      own(bus.subscribe(t, "netlab-score", m -> seen.add(new Seen(clock.instant(), m))));
    }
    WarmUpWatch warmUp = new WarmUpWatch(sites);
    // Closed once the warm-up is seen (else it read every sample batch until the lab ended); a start
    // that fails before leaves it to the bus's own close.
    Bus.Subscription warmSamples = bus.subscribe(Topic.SAMPLES, "netlab-warm-up", warmUp::onBatch);

    Path topologyFile = NetnsConfigs.topology(work, net);
    Path centralConfig = NetnsConfigs.central(work, net, serviceUrl, jdbcUrl, options.jdbcUser());
    GpuNodes gpus = NetnsGpu.start(options.faults(), clock);
    if (gpus != null) {
      own(gpus);
      say(out, "GPU nodes " + gpus.nodeIds() + " (DCGM exporters, the orchestrator's hook) at " + gpus.baseUrl());
      NetnsGpu.topology(topologyFile, gpus);
      NetnsGpu.central(centralConfig, work, gpus);
    }
    ChildProcess central = child("central", "512m", work, List.of("central", "--config", centralConfig.toString()),
        List.of());
    central.awaitLine(CentralNode.READY, READY_TIMEOUT);
    List<ChildProcess> edges = new ArrayList<>();
    for (Site s : net.sites()) {
      Path config = NetnsConfigs.edge(work, net, s, serviceUrl, oscillations.containsKey(s.id()));
      if (gpus != null) {
        NetnsGpu.edge(config, s.id(), gpus);
      }
      edges.add(child("edge-" + s.id(), "256m", work, List.of("edge", "--config", config.toString()),
          s.ns().wrap(List.of())));
    }
    for (ChildProcess e : edges) {
      e.awaitLine(EdgeNode.READY, READY_TIMEOUT);
    }
    say(out, "central and " + edges.size() + " edge processes ready (the edges in their sites' namespaces)");
    // Ready is not warm: a path's loss detector fires only after its warm-up windows, and learns a
    // fault that starts sooner as that path's normal.
    int warmWindows = NetnsConfigs.WARM_UP_WINDOWS + 1;
    String warm;
    try {
      warm = warmUp.await(warmWindows, READY_TIMEOUT);
    } finally {
      warmSamples.close();
    }
    say(out, "every path's loss detector past its warm-up (" + NetnsConfigs.WARM_UP_WINDOWS + " windows), windows "
        + "seen: " + warm + "; faults in " + options.warmup().toSeconds() + " s");

    // Scored from two windows after every edge is up: before, a site may probe a peer not up yet.
    Instant scoredFrom = clock.instant().plus(SETTLE);
    Instant t0 = clock.instant().plus(options.warmup());
    Map<NetnsFault, Instant> started = new LinkedHashMap<>();
    Map<NetnsFault, Instant> ended = new HashMap<>();
    Map<NetnsFault, Instant> protectedAt = new HashMap<>();
    Instant end = t0.plus(options.faults().stream().map(NetnsFault::end).max(Duration::compareTo).orElseThrow())
        .plus(options.tail());
    // The revertive half: after the tail, wait (up to restoreWait after its end) for each rerouted lossy link's restore.
    Instant restoreDeadline = t0.plus(options.faults().stream().filter(f -> f.kind() == NetnsFault.Kind.LOSS)
        .map(NetnsFault::end).max(Duration::compareTo).orElse(Duration.ZERO)).plus(options.restoreWait());
    boolean awaitRestores = !options.restoreWait().isZero();
    while (clock.instant().isBefore(end) || (awaitRestores && clock.instant().isBefore(restoreDeadline)
        && !restored(ended))) {
      Instant now = clock.instant();
      for (NetnsFault f : options.faults()) {
        BgpOscillation osc = f.kind() == NetnsFault.Kind.BGP_OSCILLATION ? oscillations.get(f.site()) : null;
        if (!started.containsKey(f) && !now.isBefore(t0.plus(f.at()))) {
          if (osc != null) {
            osc.start();
          } else {
            watches.get(f.site()).arm();
            f.inject(net, gpus);
          }
          started.put(f, clock.instant());
          timeline.add(clock.instant(), 0, "FAULT INJECTED " + f);
        } else if (started.containsKey(f) && !ended.containsKey(f) && !now.isBefore(t0.plus(f.end()))) {
          if (osc != null) {
            osc.stop();
          } else {
            f.heal(net, gpus);
          }
          ended.put(f, clock.instant());
          timeline.add(clock.instant(), 0, "FAULT ENDED    " + f);
        }
        // Only while the fault is on: later moves (another fault's) are not this one's protection.
        if (started.containsKey(f) && !ended.containsKey(f) && !protectedAt.containsKey(f)
            && f.kind() != NetnsFault.Kind.GPU_NODE_FAILURE
            && (osc != null ? osc.pinnedToSteady() : watches.get(f.site()).moved())) {
          protectedAt.put(f, clock.instant());
          timeline.add(clock.instant(), 0, osc != null
              ? "FRR BEST PATH ON THE STEADY SESSION " + f.site() + " -> " + BgpOscillation.prefix(f.siteIndex())
              : "PROBES ON THE NEW PATH " + f.site() + " -> " + NetnsTopology.POP2);
        }
        if (started.containsKey(f) && !protectedAt.containsKey(f) && f.kind() == NetnsFault.Kind.GPU_NODE_FAILURE
            && gpus.migratedOff(f.gpuNode()) != null) {
          protectedAt.put(f, gpus.migratedOff(f.gpuNode()));
          timeline.add(clock.instant(), 0, "WORK MOVED OFF " + f.gpuNode() + " by the orchestrator's hook: "
              + gpus.placement());
        }
      }
      timeline.drain().forEach(line -> say(out, line));
      for (ChildProcess c : children) {
        if (!c.isAlive()) {
          throw new IOException(c.name() + " died; last output:\n" + c.tail(30));
        }
      }
      Thread.sleep(TICK.toMillis());
    }
    timeline.drain().forEach(line -> say(out, line));
    List<Played> played = new ArrayList<>();
    started.forEach((f, at) -> played.add(new Played(f, at, ended.getOrDefault(f, clock.instant()),
        protectedAt.get(f))));
    List<String> leftRerouted = awaitRestores ? RestoreWatch.leftRerouted(net) : List.of();
    Map<String, String> pop1Addresses = new HashMap<>();
    net.sites().forEach(s -> pop1Addresses.put(s.id(), s.toPop1().addressB()));
    List<Seen> snapshot;
    synchronized (seen) {
      snapshot = List.copyOf(seen);
    }
    NetnsReport report = NetnsScorer.score(options.edgeSites(), NetnsConfigs.PROBES, played, snapshot, pop1Addresses,
        scoredFrom, leftRerouted);
    out.print(NetnsSummary.format(report));
    return new Result(report, work);
  }

  /** Whether every lossy fault that ended and was rerouted has had its link's restore verified since. */
  private boolean restored(Map<NetnsFault, Instant> ended) {
    List<Seen> snapshot;
    synchronized (seen) {
      snapshot = List.copyOf(seen);
    }
    return ended.entrySet().stream().filter(e -> e.getKey().kind() == NetnsFault.Kind.LOSS)
        .filter(e -> NetnsScorer.rerouted(snapshot, e.getKey()))
        .allMatch(e -> RestoreWatch.restoredAt(snapshot, e.getKey().link(), e.getValue()).isPresent());
  }

  private ChildProcess child(String name, String heap, Path work, List<String> args, List<String> wrapper)
      throws IOException {
    ChildProcess c = ChildProcess.start(name, heap, work.resolve(name + ".log"), args, wrapper);
    children.add(c);
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

  /** Stops the processes (they use the broker and the store), the rest newest first, then the network. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<ChildProcess> all;
    synchronized (children) {
      all = List.copyOf(children);
    }
    all.parallelStream().forEach(ChildProcess::close);
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        System.err.println("lab: closing: " + e);
      }
    }
    if (lab != null) {
      lab.close();
    }
  }
}
