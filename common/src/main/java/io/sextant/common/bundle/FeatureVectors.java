package io.sextant.common.bundle;

import io.sextant.common.model.Sample;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a model's inputs are read from one collection window, the same way at the centre (training)
 * and at the edge (scoring): per resource (the {@code resource} label), the values of the declared
 * input metrics in declared order. A resource missing any input, or with a non-finite value, has
 * no vector in that window: a model never scores a half-filled vector.
 */
public final class FeatureVectors {
  private FeatureVectors() {}

  /** Vectors by resource, sorted by resource so iteration order is stable. */
  public static Map<String, double[]> byResource(List<Sample> window, List<String> inputs) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      index.put(inputs.get(i), i);
    }
    Map<String, double[]> partial = new HashMap<>();
    Map<String, Integer> filled = new HashMap<>();
    for (Sample s : window) {
      Integer i = index.get(s.metric());
      String resource = s.resource();
      if (i == null || resource.isEmpty()) {
        continue;
      }
      double[] v = partial.computeIfAbsent(resource, r -> {
        double[] a = new double[inputs.size()];
        java.util.Arrays.fill(a, Double.NaN);
        return a;
      });
      if (Double.isNaN(v[i])) {
        filled.merge(resource, 1, Integer::sum);
      }
      v[i] = s.value();
    }
    Map<String, double[]> out = new TreeMap<>();
    partial.forEach((resource, v) -> {
      if (filled.get(resource) == inputs.size() && allFinite(v)) {
        out.put(resource, v);
      }
    });
    return out;
  }

  private static boolean allFinite(double[] v) {
    for (double x : v) {
      if (!Double.isFinite(x)) {
        return false;
      }
    }
    return true;
  }
}
