package io.sextant.collector.rate;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Per-series last value of cumulative counters. Not thread-safe: one instance per source, used
 * from that source's collection thread.
 *
 * @param <K> the series key (any value with equals/hashCode)
 */
public final class CounterRates<K> {
  private record Last(double value, long timeMs) {}

  private final Map<K, Last> last = new HashMap<>();
  private final Set<K> seenThisRound = new HashSet<>();
  private long resets;

  /**
   * The per-second rate since the previous point of the series, or empty for its first point, a
   * point not later than the previous one, or a non-finite value. A decrease is taken as a reset:
   * the increase since the reset is the new value itself (Prometheus' {@code rate()} does the same).
   */
  public OptionalDouble rate(K series, double value, long timeMs) {
    seenThisRound.add(series);
    if (!Double.isFinite(value)) {
      last.remove(series);
      return OptionalDouble.empty();
    }
    Last prev = last.get(series);
    if (prev != null && timeMs <= prev.timeMs()) {
      return OptionalDouble.empty(); // same exposition timestamp again: no new information
    }
    last.put(series, new Last(value, timeMs));
    if (prev == null) {
      return OptionalDouble.empty();
    }
    double increase = value - prev.value();
    if (increase < 0) {
      resets++;
      increase = value;
    }
    return OptionalDouble.of(increase / ((timeMs - prev.timeMs()) / 1000.0));
  }

  /**
   * Ends a round (one scrape): series not seen since the previous call are stale and forgotten.
   * Returns how many went stale.
   */
  public int endRound() {
    int before = last.size();
    last.keySet().retainAll(seenThisRound);
    seenThisRound.clear();
    return before - last.size();
  }

  /** Forgets everything, e.g. when a scrape failed: every series is stale. */
  public int clear() {
    int n = last.size();
    last.clear();
    seenThisRound.clear();
    return n;
  }

  public int tracked() {
    return last.size();
  }

  public long resets() {
    return resets;
  }
}
