package io.sextant.sim;

import io.sextant.common.model.FaultKind;
import io.sextant.common.topology.Site;
import io.sextant.common.topology.Topology;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeSet;

/** The faults a simulated cloud plays, in start order. May be empty (false-alarm tests). */
public record FaultSchedule(List<Fault> faults) {
  public static final Duration DEFAULT_FAULT_LENGTH = Duration.ofMinutes(10);
  /** Offsets of the three default faults after {@code start + warmup}. */
  public static final List<Duration> DEFAULT_OFFSETS =
      List.of(Duration.ofMinutes(10), Duration.ofMinutes(25), Duration.ofMinutes(40));
  public static final int MAX_JITTER_SECONDS = 60;
  /** Quiet time after the last fault so recoveries (and their alarm clears) are observed. */
  public static final Duration TAIL = Duration.ofMinutes(5);

  public FaultSchedule {
    faults = faults.stream().sorted(Comparator.comparing(Fault::start).thenComparing(Fault::id)).toList();
    if (new HashSet<>(faults.stream().map(Fault::id).toList()).size() != faults.size()) {
      throw new IllegalArgumentException("fault ids must be unique: " + faults.stream().map(Fault::id).toList());
    }
  }

  public static FaultSchedule none() {
    return new FaultSchedule(List.of());
  }

  public static FaultSchedule of(Fault... faults) {
    return new FaultSchedule(List.of(faults));
  }

  /**
   * Three 10-minute faults at {@code start + warmup} + 10, 25 and 40 min, each shifted by a
   * seeded 0-60 s: LINK_LOSS on an identifiable crossed link, GPU_NODE_FAILURE on an edge
   * site's gpu1, CPU_SATURATION on an edge site's web or api. With a single edge site no link is
   * identifiable (every crossed link carries both paths), so the loss then falls back to any
   * crossed link.
   */
  public static FaultSchedule defaultFor(CloudSpec spec, Topology topology) {
    SplittableRandom rng = Seeds.rng(spec.seed(), "fault-schedule", 0);
    Instant base = spec.start().plus(spec.warmup());
    Instant[] starts = new Instant[DEFAULT_OFFSETS.size()];
    for (int i = 0; i < starts.length; i++) {
      starts[i] = base.plus(DEFAULT_OFFSETS.get(i)).plusSeconds(rng.nextInt(MAX_JITTER_SECONDS + 1));
    }
    List<String> candidates = new ArrayList<>(TopologyGenerator.identifiableLinks(topology));
    if (candidates.isEmpty()) {
      TreeSet<String> crossed = new TreeSet<>();
      topology.paths().forEach(p -> crossed.addAll(p.links()));
      candidates.addAll(crossed);
    }
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("topology has no path crossing any link");
    }
    String link = candidates.get(rng.nextInt(candidates.size()));
    double loss = 0.08 + 0.07 * rng.nextDouble();
    List<String> edges = topology.sites().stream()
        .filter(s -> s.kind() == Site.Kind.EDGE).map(Site::id).sorted().toList();
    int gpuSite = rng.nextInt(edges.size());
    // A different site for the CPU fault when there is one, so the two faults never share a site.
    int cpuSite = edges.size() == 1 ? 0 : (gpuSite + 1 + rng.nextInt(edges.size() - 1)) % edges.size();
    String service = edges.get(cpuSite) + (rng.nextBoolean() ? "/web" : "/api");
    return of(
        Fault.linkLoss("fault-1", link, starts[0], DEFAULT_FAULT_LENGTH, loss),
        Fault.gpuNodeFailure("fault-2", edges.get(gpuSite) + "/gpu1", starts[1], DEFAULT_FAULT_LENGTH),
        Fault.cpuSaturation("fault-3", service, starts[2], DEFAULT_FAULT_LENGTH, Fault.DEFAULT_CPU_SURGE));
  }

  /** How much slower the dependency fault of {@link #demoFor} makes its API answer. */
  public static final double DEPENDENCY_SLOWDOWN = 5.0;

  /**
   * The demo's schedule: the {@link #defaultFor default three} and a dependency fault beside the
   * first, so the run takes no longer: from the link loss's nominal start plus a seeded 0-60 s,
   * an edge site's {@code api} answers {@link #DEPENDENCY_SLOWDOWN} times slower for
   * {@link #DEFAULT_FAULT_LENGTH}, which makes the {@code web} that calls it slow too. The site is
   * the GPU fault's, never the CPU fault's (when there are two edge sites or more), so the API's
   * history before the fault is its normal behaviour. The three default faults are drawn first, so
   * they are the same as in {@link #defaultFor}.
   */
  public static FaultSchedule demoFor(CloudSpec spec, Topology topology) {
    FaultSchedule base = defaultFor(spec, topology);
    SplittableRandom rng = Seeds.rng(spec.seed(), "fault-schedule-dependency", 0);
    Instant start = spec.start().plus(spec.warmup()).plus(DEFAULT_OFFSETS.get(0))
        .plusSeconds(rng.nextInt(MAX_JITTER_SECONDS + 1));
    String gpuSite = base.faults().stream().filter(f -> f.kind() == FaultKind.GPU_NODE_FAILURE).findFirst()
        .map(f -> f.targetId().substring(0, f.targetId().indexOf('/'))).orElseThrow();
    String api = gpuSite + "/api";
    if (topology.service(api).isEmpty()) {
      throw new IllegalArgumentException("topology has no service " + api + " for the dependency fault");
    }
    List<Fault> all = new ArrayList<>(base.faults());
    all.add(Fault.serviceSlow("fault-4", api, start, DEFAULT_FAULT_LENGTH, DEPENDENCY_SLOWDOWN));
    return new FaultSchedule(all);
  }

  /** Last fault end plus {@link #TAIL}; empty for an empty schedule. */
  public Optional<Instant> end() {
    return faults.stream().map(Fault::end).max(Comparator.naturalOrder()).map(e -> e.plus(TAIL));
  }

  public List<Fault> activeAt(Instant t) {
    return faults.stream().filter(f -> f.isActiveAt(t)).toList();
  }

  /** The fault of {@code kind} on {@code target} active at {@code t}; the latest-started wins. */
  public Optional<Fault> activeOn(FaultKind kind, String target, Instant t) {
    Fault found = null;
    for (Fault f : faults) {
      if (f.kind() == kind && f.target().equals(target) && f.isActiveAt(t)) {
        found = f;
      }
    }
    return Optional.ofNullable(found);
  }
}
