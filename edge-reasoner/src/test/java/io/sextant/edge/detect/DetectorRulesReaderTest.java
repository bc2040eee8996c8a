package io.sextant.edge.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.sextant.edge.detect.DetectorRule.Direction;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DetectorRulesReaderTest {

  @Test
  void readsADetectorPerMetricWithEachDetectorsDefaults() {
    DetectorRules rules = DetectorRulesReader.read(List.of(
        Map.of("metric", "service_latency_ms", "detector", "novelty", "minRelativeEffect", 0.2),
        Map.of("metric", "service_cpu_utilization", "minAbsoluteEffect", 0.15),
        Map.of("metric", "node_gpu_up", "detector", "Seasonal", "direction", "down", "pointsToClear", 12)));

    assertThat(rules.forMetric("service_latency_ms")).contains(DetectorRule.novelty("service_latency_ms",
        Direction.UP, 0, 0.2));
    assertThat(rules.forMetric("service_cpu_utilization")).as("auto when no detector is named")
        .contains(DetectorRule.of("service_cpu_utilization", Direction.UP, 0.15, 0).withDetector(DetectorKind.AUTO)
            .withWarmUpPoints(DetectorRule.NOVELTY_WARM_UP_POINTS).withPointsToClear(DetectorRule.NOVELTY_POINTS_TO_CLEAR));
    DetectorRule gpu = rules.forMetric("node_gpu_up").orElseThrow();
    assertThat(gpu.detector()).isEqualTo(DetectorKind.SEASONAL);
    assertThat(gpu.direction()).isEqualTo(Direction.DOWN);
    assertThat(gpu.pointsToFire()).isEqualTo(1);
    assertThat(gpu.pointsToClear()).isEqualTo(12);
    assertThat(gpu.warmUpPoints()).isEqualTo(SeasonalDetectorConfig.WARMUP_POINTS);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        arguments("unknown detector", Map.of("metric", "m", "detector", "nvelty"),
            "rules[1].detector: unknown detector 'nvelty'; one of baseline, seasonal, novelty, auto"),
        arguments("detector not text", Map.of("metric", "m", "detector", 3), "rules[1].detector: must be text"),
        arguments("unknown direction", Map.of("metric", "m", "direction", "sideways"),
            "rules[1].direction: unknown direction 'sideways'"),
        arguments("misspelt field", Map.of("metric", "m", "pointsToClaer", 3), "rules[1].pointsToClaer: unknown field"),
        arguments("no metric", Map.of("detector", "novelty"), "rules[1].metric: required"),
        arguments("debounced novelty", Map.of("metric", "m", "detector", "novelty", "pointsToFire", 2),
            "rules[1].pointsToFire: must be 1 with the novelty detector"),
        arguments("fractional points", Map.of("metric", "m", "pointsToClear", 2.5),
            "rules[1].pointsToClear: must be a whole number"),
        arguments("negative effect", Map.of("metric", "m", "minAbsoluteEffect", -1),
            "rules[1].minAbsoluteEffect: must be zero or positive"),
        arguments("duplicate metric", Map.of("metric", "ok"), "rules: two rules for ok"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void badRulesAreRefusedNamingTheRuleAndTheField(String name, Map<String, ?> rule, String message) {
    assertThatThrownBy(() -> DetectorRulesReader.read(List.of(Map.of("metric", "ok"), rule)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
  }
}
