package io.sextant.central.model.train;

import io.sextant.central.model.KpiFamily;
import io.sextant.common.bundle.FeatureVectors;
import io.sextant.common.model.Sample;
import io.sextant.common.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Stored samples turned into a family's KPI vectors, ordered by time then resource. */
public final class History {
  private History() {}

  /** Read in slices of this length, so memory holds one slice of raw samples at a time. */
  static final Duration SLICE = Duration.ofHours(1);

  /** Reads every input metric of {@code family} in [from, to) from the store. */
  public static List<KpiVector> read(Store store, KpiFamily family, Instant from, Instant to) {
    return read(store, family, from, to, Integer.MAX_VALUE);
  }

  /**
   * As {@link #read(Store, KpiFamily, Instant, Instant)}, slice by slice, keeping at most about
   * {@code maxVectors}: when the first slice shows that the window holds more, only every n-th
   * collection window is kept (evenly over the whole range, so every hour of the day stays in).
   */
  public static List<KpiVector> read(Store store, KpiFamily family, Instant from, Instant to, int maxVectors) {
    List<KpiVector> out = new ArrayList<>();
    long slices = Math.max(1, (Duration.between(from, to).toMillis() + SLICE.toMillis() - 1) / SLICE.toMillis());
    long stride = 0;
    long windowIndex = 0;
    for (Instant a = from; a.isBefore(to); a = a.plus(SLICE)) {
      Instant b = a.plus(SLICE).isBefore(to) ? a.plus(SLICE) : to;
      List<Sample> all = new ArrayList<>();
      for (String metric : family.inputs()) {
        all.addAll(store.samples(metric, a, b));
      }
      List<KpiVector> slice = of(all, family);
      if (slice.isEmpty()) {
        continue;
      }
      if (stride == 0) {
        stride = Math.max(1, (long) Math.ceil((double) slice.size() * slices / maxVectors));
      }
      Instant current = null;
      for (KpiVector v : slice) {
        if (!v.time().equals(current)) {
          current = v.time();
          windowIndex++;
        }
        if ((windowIndex - 1) % stride == 0) {
          out.add(v);
        }
      }
    }
    return out;
  }

  /** Groups samples by (site, time) and builds the vectors the same way the edge does. */
  public static List<KpiVector> of(List<Sample> samples, KpiFamily family) {
    record Window(Instant time, String site) {}
    Map<Window, List<Sample>> windows = new TreeMap<>(
        Comparator.comparing(Window::time).thenComparing(Window::site));
    for (Sample s : samples) {
      windows.computeIfAbsent(new Window(s.time(), s.site()), w -> new ArrayList<>()).add(s);
    }
    List<KpiVector> out = new ArrayList<>();
    windows.forEach((w, list) -> FeatureVectors.byResource(list, family.inputs())
        .forEach((resource, v) -> out.add(new KpiVector(w.site(), resource, w.time(), v))));
    return out;
  }
}
