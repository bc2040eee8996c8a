package io.sextant.central.state;

import io.sextant.common.model.Detection;
import io.sextant.common.model.Sample;
import io.sextant.runbook.execute.ResourceHealth;
import io.sextant.runbook.execute.Verifier;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What central knows right now, rebuilt from the bus: which series the edges' detectors hold
 * firing, when each resource last reported, and each probe path's recent and normal loss. The
 * diagnoser and the closed loop's verifier read it. Late or re-sent messages are tolerated:
 * detections are applied by event time per series, older transitions are ignored.
 */
public final class LiveState implements Verifier {
  /** Loss windows averaged for localization evidence (three 5 s windows in the demo). */
  public static final int RECENT_WINDOWS = 3;
  /** Weight of a new healthy window in a path's normal loss. */
  static final double BASELINE_ALPHA = 0.02;

  private final ResourceHealth health = new ResourceHealth();
  private final Map<String, PathLoss> paths = new HashMap<>();

  /** A path's loss as measured by its source site. */
  public record PathLoss(Deque<Double> recent, double[] baseline, Instant[] last) {
    public double recentMean() {
      return recent.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    public double baselineLoss() {
      return baseline[0];
    }

    public Instant lastSeen() {
      return last[0];
    }
  }

  public synchronized void onSamples(List<Sample> samples) {
    health.onSamples(samples);
    for (Sample s : samples) {
      String r = s.resource();
      if (s.metric().equals("probe_loss_ratio")) {
        PathLoss p = paths.computeIfAbsent(r, k -> new PathLoss(new ArrayDeque<>(), new double[] {s.value()},
            new Instant[] {s.time()}));
        if (s.time().isBefore(p.last[0])) {
          continue; // a late window: too old to be recent evidence
        }
        p.last[0] = s.time();
        p.recent.addLast(s.value());
        while (p.recent.size() > RECENT_WINDOWS) {
          p.recent.removeFirst();
        }
        if (!health.firing(r)) {
          p.baseline[0] += BASELINE_ALPHA * (s.value() - p.baseline[0]);
        }
      }
    }
  }

  public void onDetection(Detection d) {
    health.onDetection(d);
  }

  public boolean resourceFiring(String resource) {
    return health.firing(resource);
  }

  public boolean firing(String resource, String metric) {
    return health.firing(resource, metric);
  }

  public Set<String> firingResources() {
    return health.firingResources();
  }

  /** See {@link ResourceHealth#recovered}: nothing firing and fresh samples since the action. */
  @Override
  public boolean recovered(List<String> resources, Instant since) {
    return health.recovered(resources, since);
  }

  /** The same, judging only the detectors of the metrics in {@code kpi} (all when empty). */
  @Override
  public boolean recovered(List<String> resources, List<String> kpi, Instant since) {
    return health.recovered(resources, kpi, since);
  }

  /**
   * Restart: replays stored detections and probe-loss samples, each list in time order, merged by
   * time (a window's samples before the detections of its instant, which were made from them), so
   * the series firing, the paths' recent windows and normal loss are what they were when the
   * previous process stopped. Call before the bus feeds it.
   */
  public void replay(List<Detection> detections, List<Sample> samples) {
    int d = 0;
    List<Sample> batch = new java.util.ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      while (d < detections.size() && detections.get(d).time().isBefore(s.time())) {
        onDetection(detections.get(d++));
      }
      batch.add(s);
      if (i + 1 == samples.size() || samples.get(i + 1).time().isAfter(s.time())) {
        onSamples(batch);
        batch = new java.util.ArrayList<>();
      }
    }
    while (d < detections.size()) {
      onDetection(detections.get(d++));
    }
  }

    /** A copy of every probe path's loss state, by path resource. */
  public synchronized Map<String, PathLoss> pathLoss() {
    Map<String, PathLoss> copy = new HashMap<>();
    paths.forEach((k, v) -> copy.put(k, new PathLoss(new ArrayDeque<>(v.recent), v.baseline.clone(), v.last.clone())));
    return copy;
  }
}
