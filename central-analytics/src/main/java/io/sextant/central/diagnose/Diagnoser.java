package io.sextant.central.diagnose;

import io.sextant.central.locate.LinkFinding;
import io.sextant.central.locate.LinkLocalizer;
import io.sextant.central.locate.PathEvidence;
import io.sextant.central.rca.LearnedCalls;
import io.sextant.central.state.LiveState;
import io.sextant.common.gpu.Dcgm;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.FaultKind;
import io.sextant.common.model.Sample;
import io.sextant.common.topology.Path;
import io.sextant.common.topology.Service;
import io.sextant.common.topology.Topology;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns what the edges report into located faults. Cross-site: while any probe path is
 * anomalous, each {@link #tick()} runs the link localizer over the evidence of every site's
 * paths, and a link named first in {@link Settings#stableRounds} consecutive rounds becomes a
 * {@code LINK_LOSS} diagnosis (detections reach central at different times; one round can be
 * premature). Node: a GPU health detection firing on a node is a {@code GPU_NODE_FAILURE} with
 * the services placed on it as evidence. Service: an alarmed latency or error KPI of a service
 * that calls others is ranked through its dependencies ({@link DependencyRca}); a dependency ranked
 * first is a {@code SERVICE_SLOW} or {@code SERVICE_ERRORS} diagnosis with the ranking. A target is
 * diagnosed once, again only after {@link Settings#rediagnoseAfter}.
 */
public final class Diagnoser {
  public static final String GPU_RULE = "gpu-health-rule";
  /** The locator of dependency diagnoses. */
  public static final String DEPENDENCY_RANKING = DependencyRca.LOCATOR;

  /**
   * Tuning, defaults as named constants.
   *
   * @param assumedProbesPerWindow the probe count taken for a loss window that came without its
   *     {@code probe_sent} (an edge from before the count was reported, or a refused count); every
   *     other window is weighed by the count its edge sent
   * @param evidenceProbes probes per path the longer evidence pools (see {@link Diagnoser#tick})
   */
  public record Settings(int assumedProbesPerWindow, int stableRounds, double minConfidence, Duration rediagnoseAfter,
      Duration routeSettle, int evidenceProbes) {
    /**
     * The live probe mesh's default count ({@code sources.probes.count}). Of the counts edges use
     * it is the small one, so a window without a count gets the wide noise band of few probes:
     * the assumption can make localization more cautious, never bolder.
     */
    public static final int DEFAULT_ASSUMED_PROBES_PER_WINDOW = 20;
    public static final int DEFAULT_STABLE_ROUNDS = 2;
    public static final double DEFAULT_MIN_CONFIDENCE = 0.5;
    public static final Duration DEFAULT_REDIAGNOSE_AFTER = Duration.ofMinutes(30);
    /**
     * After the routes change, no new link is located for this long: the recent windows (3 × 5 s)
     * were measured on the old routes, and in the distributed mode the edges apply a reroute a
     * little after the centre, so reading old measurements against the new routes would blame an
     * innocent link on the new route.
     */
    public static final Duration DEFAULT_ROUTE_SETTLE = Duration.ofSeconds(30);
    /**
     * Three windows of the simulated cloud's 200 probes: enough for a 1–2 % loss on a path to
     * stand out of its normal few per mille (docs/benchmarks-quality.md). At a live edge's 20
     * probes a window that is 30 windows, two and a half minutes.
     */
    public static final int DEFAULT_EVIDENCE_PROBES = 600;

    public Settings {
      if (assumedProbesPerWindow <= 0 || evidenceProbes <= 0) {
        throw new IllegalArgumentException("assumedProbesPerWindow and evidenceProbes must be > 0, got "
            + assumedProbesPerWindow + " and " + evidenceProbes);
      }
    }

    public Settings(int assumedProbesPerWindow, int stableRounds, double minConfidence, Duration rediagnoseAfter) {
      this(assumedProbesPerWindow, stableRounds, minConfidence, rediagnoseAfter, DEFAULT_ROUTE_SETTLE);
    }

    public Settings(int assumedProbesPerWindow, int stableRounds, double minConfidence, Duration rediagnoseAfter,
        Duration routeSettle) {
      this(assumedProbesPerWindow, stableRounds, minConfidence, rediagnoseAfter, routeSettle, DEFAULT_EVIDENCE_PROBES);
    }

    public static Settings defaults() {
      return new Settings(DEFAULT_ASSUMED_PROBES_PER_WINDOW, DEFAULT_STABLE_ROUNDS, DEFAULT_MIN_CONFIDENCE,
          DEFAULT_REDIAGNOSE_AFTER, DEFAULT_ROUTE_SETTLE, DEFAULT_EVIDENCE_PROBES);
    }
  }

  private final Clock clock;
  private final String site;
  private final Supplier<Topology> topology;
  private final LiveState state;
  private final LinkLocalizer localizer;
  private final Settings settings;
  private final Consumer<Diagnosis> out;
  private final DependencyRca dependencies;
  private final LearnedCalls learned;
  private final Map<String, Integer> streak = new HashMap<>();
  private final Map<String, Instant> diagnosed = new HashMap<>();
  private Map<String, List<String>> routes;
  private Instant routesChangedAt = Instant.MIN;

  public Diagnoser(Clock clock, String site, Supplier<Topology> topology, LiveState state, LinkLocalizer localizer,
      Settings settings, Consumer<Diagnosis> out) {
    this(clock, site, topology, state, localizer, settings, new LearnedCalls(), out);
  }

  /** As above, with the calls learned from traces kept as {@code learned} says (how long, how many). */
  public Diagnoser(Clock clock, String site, Supplier<Topology> topology, LiveState state, LinkLocalizer localizer,
      Settings settings, LearnedCalls learned, Consumer<Diagnosis> out) {
    this.dependencies = new DependencyRca(DependencyRca.Settings.defaults(), learned);
    this.learned = learned;
    this.clock = clock;
    this.site = site;
    this.topology = topology;
    this.state = state;
    this.localizer = localizer;
    this.settings = settings;
    this.out = out;
  }

  /**
   * The calls between services the dependency ranking follows now: the topology file's
   * {@code depends-on} and those learned from traces, unexpired and closing no cycle.
   */
  public synchronized List<LearnedCalls.Call> serviceCalls() {
    return dependencies.calls(topology.get(), clock.instant()).calls();
  }

  /** What the calls learned from traces come to now, for {@code /metrics}. */
  public record LearnedCallCounts(int held, long dropped, long bad) {}

  public synchronized LearnedCallCounts learnedCallCounts() {
    return new LearnedCallCounts(learned.held(), learned.dropped(), learned.bad());
  }

  /** The service metrics the edges send (the live history dependency ranking compares with), and the calls learned from traces. */
  public synchronized void onSamples(List<Sample> samples) {
    dependencies.onSamples(samples);
  }

  /**
   * Node-level rules, applied as detections arrive: the simulated cloud's {@code node_gpu_up}, and
   * the edge's DCGM rules that mean a failed GPU node ({@link Dcgm#nodeFailure}: a fatal XID, a
   * double-bit ECC error, a GPU gone from its exporter). A DCGM signal's resolution does not make
   * the node diagnosable again before {@link Settings#rediagnoseAfter}: an ECC rate back at 0, or a
   * vanished GPU's XID going stale, is not the node repaired, and a second diagnosis would move the
   * same work twice. A service KPI's alarm waits for its dependency ranking.
   */
  public synchronized void onDetection(Detection d) {
    dependencies.onDetection(d);
    boolean simulated = d.metric().equals("node_gpu_up");
    if (!simulated && (d.state() == Detection.State.RESOLVED || !Dcgm.nodeFailure(d))) {
      return;
    }
    if (d.state() == Detection.State.RESOLVED) {
      diagnosed.remove(d.resource());
      return;
    }
    if (recentlyDiagnosed(d.resource())) {
      return;
    }
    String nodeId = d.resource().substring("node:".length());
    List<String> evidence = new ArrayList<>();
    evidence.add(d.resource());
    topology.get().servicesOn(nodeId).stream().map(Service::resource).forEach(evidence::add);
    Map<String, Double> details = simulated ? Map.of("gpuUp", d.observed()) : Map.of(detail(d), d.observed());
    emit(new Diagnosis(null, site, clock.instant(), FaultKind.GPU_NODE_FAILURE, d.resource(), 0.95, evidence,
        details, GPU_RULE));
  }

  private static String detail(Detection d) {
    return switch (d.metric()) {
      case Dcgm.XID -> "xid";
      case Dcgm.GPU_PRESENT -> "gpuPresent";
      default -> "eccDbePerSecond";
    };
  }

  /** One round: the dependency rankings that have settled, then localization over every site's probe paths. */
  public synchronized void tick() {
    Topology topo = topology.get();
    for (Diagnosis d : dependencies.tick(clock.instant(), topo, state, site)) {
      if (!recentlyDiagnosed(d.target())) {
        emit(d);
      }
    }
    noteRoutes(topo);
    if (clock.instant().isBefore(routesChangedAt.plus(settings.routeSettle()))) {
      streak.clear();
      return;
    }
    boolean anyBad = topo.paths().stream().anyMatch(p -> state.firing(p.resource(), "probe_loss_ratio"));
    if (!anyBad) {
      streak.clear();
      return;
    }
    Map<String, LiveState.PathLoss> loss = state.pathLoss();
    int assumed = settings.assumedProbesPerWindow();
    List<PathEvidence> recent = evidence(topo, loss,
        l -> l.pooled(assumed, Integer.MAX_VALUE, LiveState.RECENT_WINDOWS, Instant.MIN));
    List<LinkFinding> findings = new ArrayList<>(localizer.locate(recent));
    // The sliding accumulation: with few probes a window (20 at a live edge) the newest windows
    // cannot show a loss of a few percent, so the windows since the routes last changed are
    // pooled up to evidenceProbes a path and searched for links the recent evidence left out.
    // With enough probes a window (the simulated cloud's 200) the two are the same: one search.
    List<PathEvidence> longer = evidence(topo, loss,
        l -> l.pooled(assumed, settings.evidenceProbes(), LiveState.KEPT_WINDOWS, routesChangedAt));
    if (!longer.equals(recent)) {
      Set<String> named = new HashSet<>();
      findings.forEach(f -> {
        named.add(f.linkId());
        named.addAll(f.alternatives());
      });
      localizer.locate(longer).stream().filter(f -> !named.contains(f.linkId())).forEach(findings::add);
    }
    Map<String, Integer> next = new HashMap<>();
    for (LinkFinding f : findings) {
      if (f.confidence() < settings.minConfidence()) {
        continue;
      }
      String target = "link:" + f.linkId();
      int n = streak.getOrDefault(target, 0) + 1;
      next.put(target, n);
      if (n >= settings.stableRounds() && !recentlyDiagnosed(target)) {
        emit(f.toDiagnosis(site, clock.instant()));
      }
    }
    streak.clear();
    streak.putAll(next);
  }

  /** The probe-loss evidence of every measured path, its windows chosen by {@code windows}. */
  private List<PathEvidence> evidence(Topology topo, Map<String, LiveState.PathLoss> loss,
      Function<LiveState.PathLoss, LiveState.Pooled> windows) {
    List<PathEvidence> evidence = new ArrayList<>();
    for (Path p : topo.paths()) {
      LiveState.PathLoss l = loss.get(p.resource());
      if (l == null || l.recent().isEmpty() || p.links().isEmpty()) {
        continue;
      }
      LiveState.Pooled pooled = windows.apply(l);
      if (pooled.probes() == 0) {
        continue; // nothing measured since the routes changed
      }
      evidence.add(new PathEvidence(p.id(), p.links(), clamp(pooled.loss(), 0, 1), clamp(l.baselineLoss(), 0, 0.5),
          state.firing(p.resource(), "probe_loss_ratio"), pooled.probes()));
    }
    return evidence;
  }

  /** Remembers when the paths' routes last changed (a reroute applied, or rolled back). */
  private void noteRoutes(Topology topo) {
    Map<String, List<String>> now = new HashMap<>();
    topo.paths().forEach(p -> now.put(p.id(), p.links()));
    if (routes != null && !routes.equals(now)) {
      routesChangedAt = clock.instant();
    }
    routes = now;
  }

  private boolean recentlyDiagnosed(String target) {
    Instant at = diagnosed.get(target);
    return at != null && clock.instant().isBefore(at.plus(settings.rediagnoseAfter()));
  }

  private void emit(Diagnosis d) {
    diagnosed.put(d.target(), d.time());
    out.accept(d);
  }

  /**
   * Restart: the targets a previous process diagnosed ({@code recent}, from the store) are not
   * diagnosed again before {@link Settings#rediagnoseAfter}, as if that process had gone on.
   * The localization streaks are not kept: a link needs its stable rounds again.
   */
  public synchronized void restore(List<Diagnosis> recent) {
    for (Diagnosis d : recent) {
      diagnosed.merge(d.target(), d.time(), (a, b) -> b.isAfter(a) ? b : a);
    }
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
