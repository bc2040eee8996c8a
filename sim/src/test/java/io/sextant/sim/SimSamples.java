package io.sextant.sim;

import io.sextant.common.model.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Lookups over collected samples for the simulation tests. */
final class SimSamples {
  private SimSamples() {}

  static String key(Sample s) {
    return s.metric() + "|" + s.resource();
  }

  static Map<String, Double> index(List<Sample> samples) {
    Map<String, Double> m = new LinkedHashMap<>();
    samples.forEach(s -> m.put(key(s), s.value()));
    return m;
  }

  static double value(List<Sample> samples, String metric, String resource) {
    return samples.stream()
        .filter(s -> s.metric().equals(metric) && s.resource().equals(resource))
        .mapToDouble(Sample::value)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + metric + " for " + resource + " in " + samples.size() + " samples"));
  }

  /** Mean of one KPI over {@code count} windows from {@code from}, collecting only its site. */
  static double mean(SimulatedCloud cloud, String site, String metric, String resource, Instant from, int count) {
    double sum = 0;
    Duration step = cloud.spec().step();
    for (int i = 0; i < count; i++) {
      sum += value(cloud.collect(site, from.plus(step.multipliedBy(i))), metric, resource);
    }
    return sum / count;
  }
}
