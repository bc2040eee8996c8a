package io.sextant.central.locate.bench;

import io.sextant.central.locate.Identifiability;
import io.sextant.central.locate.LinkFinding;
import io.sextant.central.locate.LinkLocalizer;
import io.sextant.central.locate.PathEvidence;
import io.sextant.common.topology.Link;
import io.sextant.common.topology.Path;
import io.sextant.common.topology.Topology;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Localization quality and speed on a random mesh ({@link RandomMesh}). Each round picks
 * {@code faults} lossy links at once, each at a loss drawn from 1–10 %, simulates what the probe
 * mesh measures on the routed paths, runs the {@link LinkLocalizer} and scores its findings
 * against the picked links. Two draws per round: the lossy links among the identifiable ones
 * ({@link Identifiability} at the fault count), and among all links.
 *
 * <p>What is simulated: every link has a small baseline loss (0.02–0.08 %); each path sends
 * {@code probesPerWindow} probes a window and each is lost with the path's true loss (binomial);
 * the path's baseline is measured over {@value #HISTORY_WINDOWS} fault-free windows (about the
 * memory of the centre's moving baseline); the evidence pools the newest {@code windows} windows,
 * all within the fault (the sliding accumulation at its steady state). The edge detector's flag is
 * not simulated: the localizer decides on the measured excess alone. A finding counts as right
 * only when it names a lossy link (an alternative in its group does not count).
 */
public final class LocalizationBench {
  /** Fault-free windows behind each path's baseline estimate. */
  public static final int HISTORY_WINDOWS = 100;
  static final double MIN_FAULT_LOSS = 0.01;
  static final double MAX_FAULT_LOSS = 0.10;
  static final double MIN_BASELINE_LOSS = 0.0002;
  static final double MAX_BASELINE_LOSS = 0.0008;
  /** Rounds run first and not counted, so the timings are of compiled code. */
  static final int WARM_UP_ROUNDS = 2;

  /**
   * @param links links in the mesh
   * @param faults lossy links at once (1–3)
   * @param seed the mesh's and the measurements' seed
   * @param rounds rounds scored, each with both draws
   * @param probesPerWindow probes per path per window (the live default is 20)
   * @param windows windows pooled into the evidence
   */
  public record Settings(int links, int faults, long seed, int rounds, int probesPerWindow, int windows) {
    public Settings {
      if (faults < 1 || faults > 3) {
        throw new IllegalArgumentException("faults must be 1 to 3, got " + faults);
      }
      if (rounds < 1 || probesPerWindow < 1 || windows < 1) {
        throw new IllegalArgumentException("rounds, probes per window and windows must be >= 1");
      }
    }
  }

  /** Right and wrong findings of one population. */
  public record Score(int truePositives, int falsePositives, int falseNegatives) {
    public double precision() {
      int named = truePositives + falsePositives;
      return named == 0 ? 1 : (double) truePositives / named;
    }

    public double recall() {
      int lossy = truePositives + falseNegatives;
      return lossy == 0 ? 1 : (double) truePositives / lossy;
    }
  }

  /**
   * The outcome.
   *
   * @param notIdentifiable links that are not identifiable, by the first condition they fail
   * @param roundMillis the localizer's wall-clock time per scored round (one locate call)
   * @param roundCpuMillis the same calls' CPU time on their thread: on a shared, busy machine the
   *     wall clock also counts the time the thread waited for a core
   */
  public record Result(Settings settings, int sites, int routers, int paths, int identifiableLinks,
      Map<Identifiability.Reason, Integer> notIdentifiable, Score identifiable, Score all, double[] roundMillis,
      double[] roundCpuMillis) {
    public static double median(double[] values) {
      double[] sorted = values.clone();
      Arrays.sort(sorted);
      int n = sorted.length;
      return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    public static double worst(double[] values) {
      return Arrays.stream(values).max().orElse(0);
    }
  }

  private final Settings settings;
  private final Topology mesh;
  private final LinkLocalizer localizer;
  private final SplittableRandom random;
  private final Map<String, Double> baselineLoss = new HashMap<>();
  private final Map<String, Double> measuredBaseline = new HashMap<>();

  public LocalizationBench(Settings settings) {
    this(settings, RandomMesh.generate(settings.links(), settings.seed()), new LinkLocalizer());
  }

  LocalizationBench(Settings settings, Topology mesh, LinkLocalizer localizer) {
    this.settings = settings;
    this.mesh = mesh;
    this.localizer = localizer;
    this.random = new SplittableRandom(settings.seed() ^ 0x5DEECE66DL);
    for (Link l : mesh.links()) {
      baselineLoss.put(l.id(), MIN_BASELINE_LOSS + (MAX_BASELINE_LOSS - MIN_BASELINE_LOSS) * random.nextDouble());
    }
    int historyProbes = HISTORY_WINDOWS * settings.probesPerWindow();
    for (Path p : mesh.paths()) {
      measuredBaseline.put(p.id(), (double) binomial(historyProbes, pathLoss(p, Map.of())) / historyProbes);
    }
  }

  public Topology mesh() {
    return mesh;
  }

  public Result run() {
    List<String> links = mesh.links().stream().map(Link::id).toList();
    Identifiability ident = Identifiability.of(links, mesh.paths(), settings.faults());
    List<String> identifiable = ident.identifiableLinks();
    if (identifiable.size() < settings.faults()) {
      throw new IllegalStateException("the mesh has " + identifiable.size() + " identifiable links, fewer than "
          + settings.faults() + " faults");
    }
    int[] ia = new int[3];
    int[] aa = new int[3];
    double[] wall = new double[2 * settings.rounds()];
    double[] cpu = new double[2 * settings.rounds()];
    long[] times = new long[2];
    for (int round = -WARM_UP_ROUNDS; round < settings.rounds(); round++) {
      boolean scored = round >= 0;
      for (int draw = 0; draw < 2; draw++) {
        score(draw == 0 ? identifiable : links, scored ? (draw == 0 ? ia : aa) : new int[3], times);
        if (scored) {
          wall[2 * round + draw] = times[0] / 1e6;
          cpu[2 * round + draw] = times[1] / 1e6;
        }
      }
    }
    Map<Identifiability.Reason, Integer> reasons = ident.counts();
    return new Result(settings, mesh.sites().size(), mesh.routers().size(), mesh.paths().size(), identifiable.size(),
        reasons, new Score(ia[0], ia[1], ia[2]), new Score(aa[0], aa[1], aa[2]), wall, cpu);
  }

  /**
   * One draw from {@code pool}: adds TP, FP, FN to {@code counts}; puts the localizer's wall and
   * CPU nanoseconds into {@code times}.
   */
  private void score(List<String> pool, int[] counts, long[] times) {
    Map<String, Double> faults = new HashMap<>();
    while (faults.size() < settings.faults()) {
      faults.put(pool.get(random.nextInt(pool.size())),
          MIN_FAULT_LOSS + (MAX_FAULT_LOSS - MIN_FAULT_LOSS) * random.nextDouble());
    }
    List<PathEvidence> evidence = evidence(faults);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpu = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    List<LinkFinding> findings = localizer.locate(evidence);
    times[0] = System.nanoTime() - start;
    times[1] = threads.getCurrentThreadCpuTime() - cpu;
    Set<String> named = new HashSet<>();
    findings.forEach(f -> named.add(f.linkId()));
    for (String l : named) {
      counts[faults.containsKey(l) ? 0 : 1]++;
    }
    for (String l : faults.keySet()) {
      if (!named.contains(l)) {
        counts[2]++;
      }
    }
  }

  /** What the centre would assemble for one round with {@code faults} active in every pooled window. */
  List<PathEvidence> evidence(Map<String, Double> faults) {
    int probes = settings.probesPerWindow() * settings.windows();
    List<PathEvidence> out = new ArrayList<>(mesh.paths().size());
    for (Path p : mesh.paths()) {
      int lost = binomial(probes, pathLoss(p, faults));
      out.add(new PathEvidence(p.id(), p.links(), (double) lost / probes, measuredBaseline.get(p.id()), false, probes));
    }
    return out;
  }

  private double pathLoss(Path p, Map<String, Double> faults) {
    double delivered = 1;
    for (String l : p.links()) {
      delivered *= 1 - faults.getOrDefault(l, baselineLoss.get(l));
    }
    return 1 - delivered;
  }

  /** Binomial(n, p) by geometric gaps between losses: about {@code n·p} steps. */
  int binomial(int n, double p) {
    if (p <= 0) {
      return 0;
    }
    if (p > 0.5) {
      return n - binomial(n, 1 - p);
    }
    double logQ = Math.log1p(-p);
    int count = 0;
    long at = 0;
    while (true) {
      at += (long) Math.floor(Math.log(1 - random.nextDouble()) / logQ) + 1;
      if (at > n) {
        return count;
      }
      count++;
    }
  }
}
