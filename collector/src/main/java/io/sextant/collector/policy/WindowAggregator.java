package io.sextant.collector.policy;

import io.sextant.common.model.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 * window already closed is late: counted and not uploaded (it was still used at the site).
 *
 * <p>The open windows and the end up to which windows are closed are the aggregator's whole
 * state; {@link #snapshot()} encodes it ({@link AggregatorState}) and {@link #restore} brings it
 * back. The uplink commits the snapshot in the same outbox transaction as the window's messages,
 * so after a stop or a kill the restored state is exactly the one that matches what the outbox
 * holds: no window is emitted twice (its bucket is gone from the state committed with it) and
 * none is lost (its points are in the state committed with their window). Not thread-safe: the
 * window thread only.
 */
final class WindowAggregator {
  static final String[] OPS = {"count", "sum", "min", "max", "last"};

  record SeriesKey(String metric, Map<String, String> labels) {}

  static final class Bucket {
    final long endMs;
    final long windowMs;
    final String suffix;
    long count;
    double sum;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double last;
    long lastMs = Long.MIN_VALUE;

    Bucket(long endMs, long windowMs) {
      this.endMs = endMs;
      this.windowMs = windowMs;
      this.suffix = suffix(Duration.ofMillis(windowMs));
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
  /** Changed since the last {@link #snapshot()}; an aggregator never used stays clean (raw-only sites write nothing). */
  private boolean dirty;
  private boolean used;
  private volatile int openSeries;
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
      if (c.endMs == end && c.windowMs == w) {
        b = c;
        break;
      }
    }
    if (b == null) {
      b = new Bucket(end, w);
      buckets.add(b);
    }
    b.add(t, s.value());
    dirty = true;
    used = true;
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
    if (now > closedUpToMs) {
      closedUpToMs = now;
      // Once windows have been emitted, where they were closed is state: a restart that forgot it
      // would take a late point for an emitted window as new and emit that window a second time.
      dirty |= used;
    }
    openSeries = open.size();
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

  /**
   * The state to save when it changed since the last call (empty otherwise), and marks it saved.
   * If the save then fails, call {@link #unsaved()} so the next window writes it again.
   */
  Optional<byte[]> snapshot() {
    if (!dirty) {
      return Optional.empty();
    }
    dirty = false;
    return Optional.of(AggregatorState.encode(closedUpToMs, open));
  }

  /** The last snapshot was not committed. */
  void unsaved() {
    dirty = true;
  }

  /** Replaces this aggregator's state with a saved one (at start, before the first window). */
  void restore(byte[] saved) {
    Map<SeriesKey, List<Bucket>> buckets = new HashMap<>();
    long upTo = AggregatorState.decode(saved, buckets);
    open.clear();
    open.putAll(buckets);
    closedUpToMs = upTo;
    openSeries = open.size();
    used = true;
    dirty = false;
  }

  /** The end up to which windows are closed; empty before the first window. */
  Optional<Instant> closedUpTo() {
    return closedUpToMs == Long.MIN_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(closedUpToMs));
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

  /** Series with an open window (read by /metrics). */
  int openSeries() {
    return openSeries;
  }

  long late() {
    return late;
  }

  long emitted() {
    return emitted;
  }
}
