package io.sextant.collector.policy;

import io.sextant.common.model.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Folds the points of AGGREGATE series into fixed windows and emits, when a window is over, five
 * derived series per source series (the naming is part of the wire contract, see
 * docs/collector.md):
 * <pre>
 *   &lt;metric&gt;:count_&lt;w&gt;  &lt;metric&gt;:sum_&lt;w&gt;  &lt;metric&gt;:min_&lt;w&gt;  &lt;metric&gt;:max_&lt;w&gt;  &lt;metric&gt;:last_&lt;w&gt;
 * </pre>
 * with the source series' labels and the window's end as time, {@code w} written as
 * {@code 30s}, {@code 5m}, {@code 1h}. Windows are aligned on the epoch (a 1 m window is
 * [hh:mm:00, hh:mm+1:00)), so every edge and every restart cuts them the same way.
 *
 * <p>A window closes when the collector's window end reaches its end. A point that arrives for a
 * window already closed is late: counted and not uploaded (it was still used at the site). The
 * window open when the process stops is lost: its partial aggregate is not kept on disk. Not
 * thread-safe: the window thread only.
 */
final class WindowAggregator {
  static final String[] OPS = {"count", "sum", "min", "max", "last"};

  private record SeriesKey(String metric, Map<String, String> labels) {}

  private static final class Bucket {
    final long endMs;
    final String suffix;
    long count;
    double sum;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double last;
    long lastMs = Long.MIN_VALUE;

    Bucket(long endMs, String suffix) {
      this.endMs = endMs;
      this.suffix = suffix;
    }

    void add(long timeMs, double v) {
      count++;
      sum += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
      if (timeMs >= lastMs) {
        last = v;
        lastMs = timeMs;
      }
    }
  }

  /** Open windows by series; a series has at most a few (one, or two around a window change). */
  private final Map<SeriesKey, List<Bucket>> open = new HashMap<>();
  private long closedUpToMs = Long.MIN_VALUE;
  private volatile long late;
  private volatile long emitted;

  /** Adds one point to its window; false (and counted) when that window has already closed. */
  boolean add(Sample s, Duration window) {
    long w = window.toMillis();
    long t = s.time().toEpochMilli();
    long end = Math.floorDiv(t, w) * w + w;
    if (end <= closedUpToMs) {
      late++;
      return false;
    }
    List<Bucket> buckets = open.computeIfAbsent(new SeriesKey(s.metric(), s.labels()), k -> new ArrayList<>(1));
    Bucket b = null;
    for (Bucket c : buckets) {
      if (c.endMs == end) {
        b = c;
        break;
      }
    }
    if (b == null) {
      b = new Bucket(end, suffix(window));
      buckets.add(b);
    }
    b.add(t, s.value());
    return true;
  }

  /** Emits and forgets every window that ends at or before {@code windowEnd}. */
  List<Sample> close(String site, Instant windowEnd) {
    long now = windowEnd.toEpochMilli();
    List<Sample> out = new ArrayList<>();
    for (Iterator<Map.Entry<SeriesKey, List<Bucket>>> it = open.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<SeriesKey, List<Bucket>> e = it.next();
      for (Iterator<Bucket> bi = e.getValue().iterator(); bi.hasNext(); ) {
        Bucket b = bi.next();
        if (b.endMs <= now) {
          emit(site, e.getKey(), b, out);
          bi.remove();
        }
      }
      if (e.getValue().isEmpty()) {
        it.remove();
      }
    }
    closedUpToMs = Math.max(closedUpToMs, now);
    emitted += out.size();
    return out;
  }

  private static void emit(String site, SeriesKey k, Bucket b, List<Sample> out) {
    Instant at = Instant.ofEpochMilli(b.endMs);
    double[] values = {b.count, b.sum, b.min, b.max, b.last};
    for (int i = 0; i < OPS.length; i++) {
      out.add(new Sample(site, k.metric() + ":" + OPS[i] + "_" + b.suffix, k.labels(), at, values[i]));
    }
  }

  /** {@code 90s}, {@code 5m}, {@code 1h}: the largest unit that divides the window. */
  static String suffix(Duration window) {
    long s = window.toSeconds();
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }

  int openSeries() {
    return open.size();
  }

  long late() {
    return late;
  }

  long emitted() {
    return emitted;
  }
}
