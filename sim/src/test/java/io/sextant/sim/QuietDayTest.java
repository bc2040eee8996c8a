package io.sextant.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.model.Sample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A day without faults must look healthy to the lead's learned-baseline detector: an EWMA
 * baseline per series and a minimum effect size (loss +0.02, cpu +0.15, latency x1.5, gpu_up
 * -0.5, error ratio +0.05). This test plays that detector over every window of a day.
 */
class QuietDayTest {
  private static final double ALPHA = 0.02;
  private static final int WARMUP_WINDOWS = 720;

  @Test
  void aDayWithoutFaultsRaisesNoAnomalyAndStaysFarFromSaturation() {
    CloudSpec spec = CloudSpec.defaults();
    SimulatedCloud cloud = new SimulatedCloud(spec, FaultSchedule.none());
    long windows = Duration.ofDays(1).dividedBy(spec.step());
    Map<String, Double> baseline = new HashMap<>();
    List<String> anomalies = new ArrayList<>();
    double maxServiceCpu = 0;
    double maxLoss = 0;
    double lossSum = 0;
    long lossCount = 0;
    double maxErrors = 0;

    for (long i = 0; i < windows; i++) {
      for (Sample s : cloud.collectAll(spec.timeOf(i))) {
        String key = SimSamples.key(s);
        Double base = baseline.get(key);
        if (base != null && i >= WARMUP_WINDOWS && anomalous(s.metric(), s.value(), base)) {
          anomalies.add(s.time() + " " + key + " = " + s.value() + " vs " + base);
        }
        baseline.put(key, base == null ? s.value() : base + ALPHA * (s.value() - base));
        switch (s.metric()) {
          case Kpis.SERVICE_CPU -> maxServiceCpu = Math.max(maxServiceCpu, s.value());
          case Kpis.PROBE_LOSS -> {
            maxLoss = Math.max(maxLoss, s.value());
            lossSum += s.value();
            lossCount++;
          }
          case Kpis.SERVICE_ERROR_RATIO -> maxErrors = Math.max(maxErrors, s.value());
          default -> { }
        }
      }
    }

    assertThat(anomalies).isEmpty();
    assertThat(maxServiceCpu).isLessThan(0.6);
    assertThat(maxLoss).isLessThan(0.02);
    assertThat(lossSum / lossCount).isLessThan(0.002);
    assertThat(maxErrors).isLessThan(0.01);
  }

  private static boolean anomalous(String metric, double value, double base) {
    return switch (metric) {
      case Kpis.PROBE_LOSS -> value - base > 0.02;
      case Kpis.SERVICE_CPU, Kpis.NODE_CPU -> value - base > 0.15;
      case Kpis.SERVICE_LATENCY -> value > 1.5 * base;
      case Kpis.NODE_GPU_UP -> base - value > 0.5;
      case Kpis.SERVICE_ERROR_RATIO -> value - base > 0.05;
      default -> false;
    };
  }
}
