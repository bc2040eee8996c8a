package io.sextant.edge.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.sextant.edge.detect.DetectorRule.Direction;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DetectorRulesTest {

  static Stream<Arguments> defaultRules() {
    return Stream.of(
        arguments("probe_loss_ratio", Direction.UP, 0.02, 0.0),
        arguments("service_cpu_utilization", Direction.UP, 0.15, 0.0),
        arguments("service_latency_ms", Direction.UP, 0.0, 0.5),
        arguments("service_error_ratio", Direction.UP, 0.05, 0.0),
        arguments("node_gpu_up", Direction.DOWN, 0.5, 0.0),
        arguments("node_cpu_utilization", Direction.UP, 0.25, 0.0));
  }

  @ParameterizedTest(name = "{0}: {1}, min abs {2}, min rel {3}")
  @MethodSource("defaultRules")
  void defaultsWatchTheEdgeKpis(String metric, Direction direction, double minAbsolute, double minRelative) {
    DetectorRule rule = DetectorRules.defaults().forMetric(metric).orElseThrow();

    assertThat(rule.direction()).isEqualTo(direction);
    assertThat(rule.minAbsoluteEffect()).isEqualTo(minAbsolute);
    assertThat(rule.minRelativeEffect()).isEqualTo(minRelative);
    assertThat(rule.zThreshold()).isEqualTo(5.0);
    assertThat(rule.pointsToFire()).isEqualTo(2);
    assertThat(rule.pointsToClear()).isEqualTo(2);
    assertThat(rule.warmUpPoints()).isEqualTo(60);
    assertThat(rule.detector()).as("the demo's timings depend on the baseline").isEqualTo(DetectorKind.BASELINE);
  }

  @Test
  void otherMetricsAreNotMonitored() {
    assertThat(DetectorRules.defaults().byMetric()).containsOnlyKeys("probe_loss_ratio", "service_cpu_utilization",
        "service_latency_ms", "service_error_ratio", "node_gpu_up", "node_cpu_utilization",
        "host_cpu_busy_ratio", "host_memory_used_ratio");
    assertThat(DetectorRules.defaults().forMetric("probe_latency_ms")).isEmpty();
  }

  @Test
  void configuredRulesGoOnTopOfTheDefaults() {
    DetectorRules mine = DetectorRules.of(DetectorRule.of("up", DetectorRule.Direction.DOWN, 0.9, 0),
        DetectorRule.of("my_kpi", DetectorRule.Direction.UP, 1, 0));
    DetectorRules merged = DetectorRules.defaults().with(mine);
    assertThat(merged.forMetric("up")).hasValueSatisfying(r -> assertThat(r.minAbsoluteEffect()).isEqualTo(0.9));
    assertThat(merged.forMetric("my_kpi")).isPresent();
    assertThat(merged.forMetric("probe_loss_ratio")).isEqualTo(DetectorRules.defaults().forMetric("probe_loss_ratio"));
  }

  @ParameterizedTest(name = "level {0}: min effect {2}")
  @MethodSource("minEffects")
  void minimumEffectIsTheLargerOfAbsoluteAndRelative(double level, DetectorRule rule, double expected) {
    assertThat(rule.minEffect(level)).isEqualTo(expected);
  }

  static Stream<Arguments> minEffects() {
    DetectorRule both = DetectorRule.of("m", Direction.UP, 5, 0.5);
    return Stream.of(
        arguments(100.0, both, 50.0),
        arguments(4.0, both, 5.0),
        arguments(-100.0, both, 50.0),
        arguments(0.0, DetectorRule.of("m", Direction.UP, 0, 0), 0.0));
  }

  static Stream<Arguments> invalidRules() {
    return Stream.of(
        invalid("blank metric", "metric", () -> DetectorRule.of(" ", Direction.UP, 0, 0)),
        invalid("negative absolute effect", "minAbsoluteEffect", () -> DetectorRule.of("m", Direction.UP, -1, 0)),
        invalid("NaN relative effect", "minRelativeEffect", () -> DetectorRule.of("m", Direction.UP, 0, Double.NaN)),
        invalid("zero z", "zThreshold", () -> new DetectorRule("m", Direction.UP, 0, 0, 0, 2, 2, 60, 0)),
        invalid("infinite z", "zThreshold",
            () -> new DetectorRule("m", Direction.UP, 0, 0, Double.POSITIVE_INFINITY, 2, 2, 60, 0)),
        invalid("zero points to fire", "pointsToFire", () -> new DetectorRule("m", Direction.UP, 0, 0, 5, 0, 2, 60, 0)),
        invalid("zero points to clear", "pointsToClear",
            () -> new DetectorRule("m", Direction.UP, 0, 0, 5, 2, 0, 60, 0)),
        invalid("zero warm-up", "warmUpPoints", () -> DetectorRule.of("m", Direction.UP, 0, 0).withWarmUpPoints(0)),
        invalid("negative sigma floor", "sigmaFloor", () -> new DetectorRule("m", Direction.UP, 0, 0, 5, 2, 2, 60, -1)),
        invalid("two rules for a metric", "two rules for m",
            () -> DetectorRules.of(DetectorRule.of("m", Direction.UP, 1, 0), DetectorRule.of("m", Direction.DOWN, 1, 0))),
        invalid("rule under another metric's key", "key x holds the rule of m",
            () -> new DetectorRules(Map.of("x", DetectorRule.of("m", Direction.UP, 1, 0)))));
  }

  private static Arguments invalid(String name, String message, Supplier<Object> build) {
    return arguments(name, message, build);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidRules")
  void invalidRulesAreRejectedNamingTheField(String name, String message, Supplier<Object> build) {
    assertThatThrownBy(build::get).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
  }
}
