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
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What central knows right now, rebuilt from the bus: which series the edges' detectors hold
 * firing, when each resource last reported, and each probe path's recent and normal loss. The
 * diagnoser and the closed loop's verifier read it. Late or re-sent messages are tolerated:
 * detections are applied by event time per series, older transitions are ignored.
 */
public final class LiveState implements Verifier {
  /** Loss windows averaged for localization evidence (three 5 s windows in the demo). */
  public static final int RECENT_WINDOWS = 3;
  /**
   * Loss windows kept per path for longer evidence ({@link PathLoss#pooled}): three minutes of
   * 5 s windows, 720 probes at a live edge's 20 a window.
   */
  public static final int KEPT_WINDOWS = 36;
  /** Weight of a new healthy window in a path's normal loss. */
  static final double BASELINE_ALPHA = 0.02;

  /** A path's loss ratio per window. */
  public static final String PROBE_LOSS = "probe_loss_ratio";
  /** The probes behind that ratio, sent by the edge beside it (since the count was reported). */
  public static final String PROBE_SENT = "probe_sent";

  private static final Logger log = LoggerFactory.getLogger(LiveState.class);

  private final ResourceHealth health = new ResourceHealth();
  private final AtomicLong windowsWithoutCount = new AtomicLong();
  private final AtomicLong probeCountsRefused = new AtomicLong();
  private final Map<String, PathLoss> paths = new HashMap<>();

  /**
   * A path's loss as measured by its source site: the kept windows' loss ratios, newest last, and
   * beside each the probes it was measured with ({@code probe_sent} of the same window; 0 when the
   * edge did not say, as edges before the count was reported do) and its time.
   */
  public record PathLoss(Deque<Double> recent, Deque<Integer> probes, Deque<Instant> times, double[] baseline,
      Instant[] last) {
    /** Mean loss ratio of the newest {@link #RECENT_WINDOWS} windows. */
    public double recentMean() {
      return newest(RECENT_WINDOWS, recent).stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    /** Probes behind the newest {@link #RECENT_WINDOWS} windows, {@code assumedPerWindow} for one without a count. */
    public int recentProbes(int assumedPerWindow) {
      return pooled(assumedPerWindow, Integer.MAX_VALUE, RECENT_WINDOWS, Instant.MIN).probes();
    }

    /**
     * The newest {@link #RECENT_WINDOWS} windows' loss pooled by their probe counts (lost over
     * sent), so a window measured with more probes weighs more; {@code assumedPerWindow} stands in
     * for a missing count.
     */
    public double recentLoss(int assumedPerWindow) {
      return pooled(assumedPerWindow, Integer.MAX_VALUE, RECENT_WINDOWS, Instant.MIN).loss();
    }

    /**
     * The newest windows measured after {@code after}, pooled by probe count, newest first until
     * they hold {@code minProbes} probes or {@code maxWindows} windows (the sliding accumulation:
     * as many windows as the probe count needs to show a small loss).
     */
    public Pooled pooled(int assumedPerWindow, int minProbes, int maxWindows, Instant after) {
      var loss = recent.descendingIterator();
      var count = probes.descendingIterator();
      var time = times.descendingIterator();
      double lost = 0;
      int sent = 0;
      int windows = 0;
      while (loss.hasNext() && windows < maxWindows && sent < minProbes) {
        double l = loss.next();
        int n = count.next();
        if (!time.next().isAfter(after)) {
          break;
        }
        n = n > 0 ? n : assumedPerWindow;
        lost += l * n;
        sent += n;
        windows++;
      }
      return new Pooled(sent == 0 ? 0 : lost / sent, sent, windows);
    }

    /** Windows among the newest {@link #RECENT_WINDOWS} whose probe count is not known. */
    public int windowsWithoutCount() {
      return (int) newest(RECENT_WINDOWS, probes).stream().filter(n -> n <= 0).count();
    }

    private static <T> List<T> newest(int n, Deque<T> values) {
      List<T> all = List.copyOf(values);
      return all.subList(Math.max(0, all.size() - n), all.size());
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
    Map<String, Integer> sent = probeCounts(samples);
    for (Sample s : samples) {
      String r = s.resource();
      if (s.metric().equals(PROBE_LOSS)) {
        PathLoss p = paths.computeIfAbsent(r, k -> new PathLoss(new ArrayDeque<>(), new ArrayDeque<>(),
            new ArrayDeque<>(), new double[] {s.value()}, new Instant[] {s.time()}));
        if (s.time().isBefore(p.last[0])) {
          continue; // a late window: too old to be recent evidence
        }
        Integer count = sent.get(r + '@' + s.time());
        if (count == null) {
          windowsWithoutCount.incrementAndGet();
        }
        p.last[0] = s.time();
        p.recent.addLast(s.value());
        p.probes.addLast(count == null ? 0 : count);
        p.times.addLast(s.time());
        while (p.recent.size() > KEPT_WINDOWS) {
          p.recent.removeFirst();
          p.probes.removeFirst();
          p.times.removeFirst();
        }
        if (!health.firing(r)) {
          p.baseline[0] += BASELINE_ALPHA * (s.value() - p.baseline[0]);
        }
      }
    }
  }

  /**
   * The {@code probe_sent} of each path and window in this batch, keyed {@code resource@time}. The
   * edge sends a window's count in the same batch as its loss. A count that is not a whole number
   * of at least one is refused (counted, logged once): its window is then read as one without a
   * count, and its loss is still used.
   */
  private Map<String, Integer> probeCounts(List<Sample> samples) {
    Map<String, Integer> counts = new HashMap<>();
    for (Sample s : samples) {
      if (s.metric().equals(PROBE_SENT)) {
        double v = s.value();
        if (!(v >= 1 && v <= Integer.MAX_VALUE && v == Math.rint(v))) {
          if (probeCountsRefused.getAndIncrement() == 0) {
            log.warn("probe_sent {} on {} from {} is not a probe count (a whole number >= 1): its window is read as "
                + "one without a count (counted in probeCountsRefused; logged once)", v, s.resource(), s.site());
          }
          continue;
        }
        counts.put(s.resource() + '@' + s.time(), (int) v);
      }
    }
    return counts;
  }

  /** Probe-loss windows that came without a valid {@code probe_sent} (an older edge, or a refused count). */
  public long windowsWithoutCount() {
    return windowsWithoutCount.get();
  }

  /** {@code probe_sent} values refused as not a count. */
  public long probeCountsRefused() {
    return probeCountsRefused.get();
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

  @Override
  public String unrecovered(List<String> resources, List<String> kpi, Instant since) {
    return health.unrecovered(resources, kpi, since);
  }

  /** See {@link ResourceHealth#reportedUntil}: how far the resources' samples have arrived, in event time. */
  @Override
  public Instant reportedUntil(List<String> resources) {
    return health.reportedUntil(resources);
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

  /** Loss pooled over {@code windows} windows holding {@code probes} probes. */
  public record Pooled(double loss, int probes, int windows) {}

  /** A copy of every probe path's loss state, by path resource. */
  public synchronized Map<String, PathLoss> pathLoss() {
    Map<String, PathLoss> copy = new HashMap<>();
    paths.forEach((k, v) -> copy.put(k, new PathLoss(new ArrayDeque<>(v.recent), new ArrayDeque<>(v.probes),
        new ArrayDeque<>(v.times), v.baseline.clone(), v.last.clone())));
    return copy;
  }
}
