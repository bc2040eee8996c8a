package io.sextant.central.locate;

import io.sextant.common.topology.Path;
import io.sextant.common.topology.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded probe-mesh measurements for a topology with lossy links: every path sends {@value
 * #PROBES_PER_WINDOW} probes per window (or the count given), each lost with the path's true
 * loss, and the evidence pools the recent windows; the evidence is what central would assemble
 * from them. Knows the injected faults only to generate packets; the
 * evidence it returns carries measurements alone.
 */
final class LossSimulator {
  static final int PROBES_PER_WINDOW = 200;
  /** Windows averaged into {@link PathEvidence#observedLoss()}. */
  static final int RECENT_WINDOWS = 3;
  /** Fault-free windows the baseline is estimated from. */
  static final int HISTORY_WINDOWS = 20;
  static final double BASELINE_LINK_LOSS = 0.0005;
  /** The edge detector's threshold: the newest window's loss must exceed the baseline by this. */
  static final double DETECTOR_MARGIN = 0.02;

  private final Topology topology;
  private final SplittableRandom random;
  private final int probesPerWindow;
  private final int recentWindows;

  LossSimulator(Topology topology, long seed) {
    this(topology, seed, PROBES_PER_WINDOW, RECENT_WINDOWS);
  }

  /** {@code probesPerWindow} probes a window, {@code recentWindows} of them pooled into the evidence. */
  LossSimulator(Topology topology, long seed, int probesPerWindow, int recentWindows) {
    this.topology = topology;
    this.random = new SplittableRandom(seed);
    this.probesPerWindow = probesPerWindow;
    this.recentWindows = recentWindows;
  }

  /** One round in which {@code faults} (link id → loss ratio) were active in every recent window. */
  List<PathEvidence> round(Map<String, Double> faults) {
    return round(faults, Map.of());
  }

  /**
   * One round where the paths in {@code lateFaultyWindows} saw the faults only in that many of
   * their newest windows (the fault began while their measurement window was open).
   */
  List<PathEvidence> round(Map<String, Double> faults, Map<String, Integer> lateFaultyWindows) {
    List<PathEvidence> evidence = new ArrayList<>();
    for (Path path : topology.paths()) {
      int faulty = lateFaultyWindows.getOrDefault(path.id(), recentWindows);
      evidence.add(observe(path, faults, faulty));
    }
    return evidence;
  }

  private PathEvidence observe(Path path, Map<String, Double> faults, int faultyWindows) {
    double normal = pathLoss(path, Map.of());
    double faulty = pathLoss(path, faults);
    int historyLost = lost(normal, HISTORY_WINDOWS * PROBES_PER_WINDOW);
    double baseline = (double) historyLost / (HISTORY_WINDOWS * PROBES_PER_WINDOW);
    int lost = 0;
    int newest = 0;
    for (int w = 0; w < recentWindows; w++) {
      boolean inFault = w >= recentWindows - faultyWindows;
      newest = lost(inFault ? faulty : normal, probesPerWindow);
      lost += newest;
    }
    int probes = recentWindows * probesPerWindow;
    double newestLoss = (double) newest / probesPerWindow;
    double sigma = Math.sqrt(Math.max(baseline, 1e-3) / probesPerWindow);
    boolean anomalous = newestLoss - baseline > Math.max(DETECTOR_MARGIN, 3 * sigma);
    return new PathEvidence(path.id(), path.links(), (double) lost / probes, baseline, anomalous, probes);
  }

  /** True loss of a path: {@code 1 - Π(1 - loss of each link)}, a faulty link's loss replacing the baseline. */
  static double pathLoss(Path path, Map<String, Double> faults) {
    double delivered = 1;
    for (String link : path.links()) {
      delivered *= 1 - faults.getOrDefault(link, BASELINE_LINK_LOSS);
    }
    return 1 - delivered;
  }

  private int lost(double p, int probes) {
    int lost = 0;
    for (int i = 0; i < probes; i++) {
      if (random.nextDouble() < p) {
        lost++;
      }
    }
    return lost;
  }
}
