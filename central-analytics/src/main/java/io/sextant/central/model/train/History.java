package io.sextant.central.model.train;

import io.sextant.central.model.KpiFamily;
import io.sextant.common.bundle.FeatureVectors;
import io.sextant.common.model.Sample;
import io.sextant.common.store.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Stored samples turned into a family's KPI vectors, ordered by time then resource. */
public final class History {
  private History() {}

  /** Reads every input metric of {@code family} in [from, to) from the store. */
  public static List<KpiVector> read(Store store, KpiFamily family, Instant from, Instant to) {
    List<Sample> all = new ArrayList<>();
    for (String metric : family.inputs()) {
      all.addAll(store.samples(metric, from, to));
    }
    return of(all, family);
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
