package io.sextant.edge.detect;

import io.sextant.edge.detect.DetectorRule.Direction;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The rules by metric name; a metric without a rule is not monitored by the baseline detector. */
public record DetectorRules(Map<String, DetectorRule> byMetric) {

  public DetectorRules {
    Objects.requireNonNull(byMetric, "byMetric");
    byMetric.forEach((metric, rule) -> {
      if (!metric.equals(rule.metric())) {
        throw new IllegalArgumentException("byMetric: key " + metric + " holds the rule of " + rule.metric());
      }
    });
    byMetric = Map.copyOf(byMetric);
  }

  public static DetectorRules of(DetectorRule... rules) {
    Map<String, DetectorRule> map = new LinkedHashMap<>();
    Arrays.stream(rules).forEach(rule -> {
      if (map.put(rule.metric(), rule) != null) {
        throw new IllegalArgumentException("rules: two rules for " + rule.metric());
      }
    });
    return new DetectorRules(map);
  }

  /**
   * The KPIs the edge learns out of the box. Effect sizes are what a NOC would act on: 2 points of
   * probe loss, 15 points of service CPU, half again the latency, 5 points of errors, a GPU gone,
   * 25 points of node CPU (a node runs many services, so its CPU moves more on its own). For a live
   * site's own sources: 25 points of host CPU, 15 points of host memory. What needs no learning (a
   * scrape target down, a peer's TCP port unreachable, a path losing every packet) is a static
   * threshold instead ({@code io.sextant.edge.threshold.ThresholdRules#defaults}), which fires on
   * the first point where a learned rule would wait out its warm-up and then learn the fault as normal.
   */
  public static DetectorRules defaults() {
    return of(
        DetectorRule.of("probe_loss_ratio", Direction.UP, 0.02, 0),
        DetectorRule.of("service_cpu_utilization", Direction.UP, 0.15, 0),
        DetectorRule.of("service_latency_ms", Direction.UP, 0, 0.5),
        DetectorRule.of("service_error_ratio", Direction.UP, 0.05, 0),
        DetectorRule.of("node_gpu_up", Direction.DOWN, 0.5, 0),
        DetectorRule.of("node_cpu_utilization", Direction.UP, 0.25, 0),
        DetectorRule.of("host_cpu_busy_ratio", Direction.UP, 0.25, 0),
        DetectorRule.of("host_memory_used_ratio", Direction.UP, 0.15, 0));
  }

  /** These rules with {@code overrides} on top: a rule for a metric replaces the one here. */
  public DetectorRules with(DetectorRules overrides) {
    Map<String, DetectorRule> m = new java.util.LinkedHashMap<>(byMetric);
    m.putAll(overrides.byMetric());
    return new DetectorRules(m);
  }

  public Optional<DetectorRule> forMetric(String metric) {
    return Optional.ofNullable(byMetric.get(metric));
  }
}
