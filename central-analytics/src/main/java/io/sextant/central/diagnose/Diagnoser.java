package io.sextant.central.diagnose;

import io.sextant.central.locate.LinkFinding;
import io.sextant.central.locate.LinkLocalizer;
import io.sextant.central.locate.PathEvidence;
import io.sextant.central.state.LiveState;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.FaultKind;
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
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Turns what the edges report into located faults. Cross-site: while any probe path is
 * anomalous, each {@link #tick()} runs the link localizer over the evidence of every site's
 * paths, and a link named first in {@link Settings#stableRounds} consecutive rounds becomes a
 * {@code LINK_LOSS} diagnosis (detections reach central at different times; one round can be
 * premature). Node: a GPU health detection firing on a node is a {@code GPU_NODE_FAILURE} with
 * the services placed on it as evidence. A target is diagnosed once, again only after
 * {@link Settings#rediagnoseAfter}.
 */
public final class Diagnoser {
  public static final String GPU_RULE = "gpu-health-rule";

  /**
   * Tuning, defaults as named constants.
   *
   * @param assumedProbesPerWindow the probe count taken for a loss window that came without its
   *     {@code probe_sent} (an edge from before the count was reported, or a refused count); every
   *     other window is weighed by the count its edge sent
   */
  public record Settings(int assumedProbesPerWindow, int stableRounds, double minConfidence, Duration rediagnoseAfter,
      Duration routeSettle) {
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

    public Settings {
      if (assumedProbesPerWindow <= 0) {
        throw new IllegalArgumentException("assumedProbesPerWindow must be > 0, got " + assumedProbesPerWindow);
      }
    }

    public Settings(int assumedProbesPerWindow, int stableRounds, double minConfidence, Duration rediagnoseAfter) {
      this(assumedProbesPerWindow, stableRounds, minConfidence, rediagnoseAfter, DEFAULT_ROUTE_SETTLE);
    }

    public static Settings defaults() {
      return new Settings(DEFAULT_ASSUMED_PROBES_PER_WINDOW, DEFAULT_STABLE_ROUNDS, DEFAULT_MIN_CONFIDENCE,
          DEFAULT_REDIAGNOSE_AFTER, DEFAULT_ROUTE_SETTLE);
    }
  }

  private final Clock clock;
  private final String site;
  private final Supplier<Topology> topology;
  private final LiveState state;
  private final LinkLocalizer localizer;
  private final Settings settings;
  private final Consumer<Diagnosis> out;
  private final Map<String, Integer> streak = new HashMap<>();
  private final Map<String, Instant> diagnosed = new HashMap<>();
  private Map<String, List<String>> routes;
  private Instant routesChangedAt = Instant.MIN;

  public Diagnoser(Clock clock, String site, Supplier<Topology> topology, LiveState state, LinkLocalizer localizer,
      Settings settings, Consumer<Diagnosis> out) {
    this.clock = clock;
    this.site = site;
    this.topology = topology;
    this.state = state;
    this.localizer = localizer;
    this.settings = settings;
    this.out = out;
  }

  /** Node-level rules, applied as detections arrive. */
  public synchronized void onDetection(Detection d) {
    if (!d.metric().equals("node_gpu_up")) {
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
    emit(new Diagnosis(null, site, clock.instant(), FaultKind.GPU_NODE_FAILURE, d.resource(), 0.95, evidence,
        Map.of("gpuUp", d.observed()), GPU_RULE));
  }

  /** One localization round over every site's probe paths. */
  public synchronized void tick() {
    Topology topo = topology.get();
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
    List<PathEvidence> evidence = new ArrayList<>();
    for (Path p : topo.paths()) {
      LiveState.PathLoss l = loss.get(p.resource());
      if (l == null || l.recent().isEmpty() || p.links().isEmpty()) {
        continue;
      }
      int assumed = settings.assumedProbesPerWindow();
      evidence.add(new PathEvidence(p.id(), p.links(), clamp(l.recentLoss(assumed), 0, 1),
          clamp(l.baselineLoss(), 0, 0.5), state.firing(p.resource(), "probe_loss_ratio"), l.recentProbes(assumed)));
    }
    List<LinkFinding> findings = localizer.locate(evidence);
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
