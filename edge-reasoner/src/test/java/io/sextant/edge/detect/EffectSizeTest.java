package io.sextant.edge.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.sextant.edge.detect.BaselineDetector.Outcome;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each default rule on a quiet series (noise small enough that every shift below is many sigmas):
 * whether a sustained shift fires is decided by the rule's direction and minimum effect alone.
 */
class EffectSizeTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        arguments("loss +0.05 fires", "probe_loss_ratio", 0.0, 0.001, 0.05, true),
        arguments("loss +0.015 is below 0.02", "probe_loss_ratio", 0.0, 0.001, 0.015, false),
        arguments("service cpu +0.20 fires", "service_cpu_utilization", 0.30, 0.005, 0.50, true),
        arguments("service cpu +0.10 is below 0.15", "service_cpu_utilization", 0.30, 0.005, 0.40, false),
        arguments("service cpu -0.20 is the wrong way", "service_cpu_utilization", 0.50, 0.005, 0.30, false),
        arguments("latency x1.6 fires", "service_latency_ms", 80.0, 0.8, 128.0, true),
        arguments("latency x1.4 is below x1.5", "service_latency_ms", 80.0, 0.8, 112.0, false),
        arguments("errors +0.06 fires", "service_error_ratio", 0.01, 0.001, 0.07, true),
        arguments("errors +0.04 is below 0.05", "service_error_ratio", 0.01, 0.001, 0.05, false),
        arguments("gpu 1 to 0 fires", "node_gpu_up", 1.0, 0.0, 0.0, true),
        arguments("gpu 0 to 1 is the wrong way", "node_gpu_up", 0.0, 0.0, 1.0, false),
        arguments("node cpu +0.30 fires", "node_cpu_utilization", 0.40, 0.005, 0.70, true),
        arguments("node cpu +0.20 is below 0.25", "node_cpu_utilization", 0.40, 0.005, 0.60, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void sustainedShiftFiresOnlyWhenItMatters(String name, String metric, double level, double noise, double shifted,
      boolean fires) {
    DetectorRule rule = DetectorRules.defaults().forMetric(metric).orElseThrow();
    BaselineDetector detector = new BaselineDetector(rule);
    SplittableRandom random = new SplittableRandom(name.hashCode());
    for (int i = 0; i < 300; i++) {
      assertThat(detector.observe(Synthetic.millis(i), Math.max(0, Synthetic.noisy(random, level, noise))))
          .isEqualTo(Outcome.NO_CHANGE);
    }
    boolean fired = false;
    for (int i = 300; i < 310; i++) {
      fired |= detector.observe(Synthetic.millis(i), shifted) == Outcome.FIRED;
    }

    assertThat(fired).isEqualTo(fires);
    assertThat(detector.firing()).isEqualTo(fires);
  }
}
