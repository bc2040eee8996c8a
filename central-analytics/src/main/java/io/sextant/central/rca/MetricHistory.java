package io.sextant.central.rca;

import io.sextant.common.model.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The recent values of the service metrics the centre receives, so a live ranking can compare a
 * component's incident window with its own normal behaviour just before, without a store query.
 * Keeps {@code keep} of history per series (older values are dropped as newer ones arrive), and only
 * the series of resources {@code service:<id>} whose metric is one of {@code metrics}: that bounds
 * its memory to services × metrics × windows. Thread-safe.
 */
public final class MetricHistory {
  /** The resource prefix of a service's series; the component is the rest. */
  public static final String SERVICE = "service:";

  private final Duration keep;
  private final Set<String> metrics;
  private final Map<MetricKey, TreeMap<Instant, Double>> series = new HashMap<>();

  public MetricHistory(Duration keep, Set<String> metrics) {
    if (keep.isNegative() || keep.isZero()) {
      throw new IllegalArgumentException("history must keep a positive span, got " + keep);
    }
    this.keep = keep;
    this.metrics = Set.copyOf(metrics);
  }

  /** Takes the service series among {@code samples}; a non-finite value is skipped (it is no measurement). */
  public synchronized void onSamples(List<Sample> samples) {
    for (Sample s : samples) {
      String resource = s.resource();
      if (!resource.startsWith(SERVICE) || resource.length() == SERVICE.length() || !metrics.contains(s.metric())
          || !Double.isFinite(s.value())) {
        continue;
      }
      TreeMap<Instant, Double> values = series.computeIfAbsent(
          new MetricKey(resource.substring(SERVICE.length()), s.metric(), ""), k -> new TreeMap<>());
      values.put(s.time(), s.value());
      values.headMap(values.lastKey().minus(keep)).clear();
    }
  }

  /**
   * The series of {@code components} on {@code [from, to)}, on the union of their times; a series
   * without a value at a time has NaN there.
   */
  public synchronized MetricFrame frame(Set<String> components, Instant from, Instant to) {
    TreeSet<Instant> times = new TreeSet<>();
    Map<MetricKey, TreeMap<Instant, Double>> chosen = new HashMap<>();
    series.forEach((k, v) -> {
      if (components.contains(k.component())) {
        var part = v.subMap(from, true, to, false);
        if (!part.isEmpty()) {
          chosen.put(k, new TreeMap<>(part));
          times.addAll(part.keySet());
        }
      }
    });
    Instant[] axis = times.toArray(Instant[]::new);
    Map<Instant, Integer> row = new HashMap<>();
    for (int i = 0; i < axis.length; i++) {
      row.put(axis[i], i);
    }
    Map<MetricKey, double[]> columns = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
    chosen.forEach((k, v) -> {
      double[] col = new double[axis.length];
      java.util.Arrays.fill(col, Double.NaN);
      v.forEach((t, x) -> col[row.get(t)] = x);
      columns.put(k, col);
    });
    return new MetricFrame(axis, columns);
  }

  /** How many series are kept. */
  public synchronized int seriesCount() {
    return series.size();
  }
}
