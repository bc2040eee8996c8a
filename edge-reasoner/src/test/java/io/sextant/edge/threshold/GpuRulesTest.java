package io.sextant.edge.threshold;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.gpu.Dcgm;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import io.sextant.common.model.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The built-in GPU rules on DCGM exporter series, from a fresh edge (no learning): a timeline of
 * 1 s windows of one exporter with two GPUs.
 */
class GpuRulesTest {
  static final Instant T0 = Instant.parse("2026-12-06T17:00:00Z");
  static final String NODE = "node:edge-1/gpu-node-1";

  final ThresholdDetectors thresholds = new ThresholdDetectors(ThresholdRules.defaults());
  final VanishedGpus vanished = new VanishedGpus();
  final List<Detection> seen = new ArrayList<>();

  static Map<String, String> gpu(int i, String... more) {
    List<String> kv = new ArrayList<>(List.of("job", "dcgm", "instance", "10.255.0.1:9400", "resource", NODE,
        "gpu", Integer.toString(i), "UUID", "GPU-0000000" + i, "device", "nvidia" + i, "modelName",
        "NVIDIA A100-SXM4-40GB", "Hostname", "edge-1-gpu-node-1"));
    kv.addAll(List.of(more));
    return Labels.of(kv.toArray(String[]::new));
  }

  /** One window: the target's {@code up}, and per present GPU its fields (XID, temperature, util, rates). */
  void window(int s, double up, double[]... gpus) {
    Instant t = T0.plusSeconds(s);
    List<Sample> samples = new ArrayList<>();
    samples.add(new Sample("edge-1", "up", Labels.of("job", "dcgm", "instance", "10.255.0.1:9400", "resource", NODE),
        t, up));
    for (int i = 0; i < gpus.length; i++) {
      double[] g = gpus[i];
      if (g == null) {
        continue; // gone from the answer
      }
      Map<String, String> l = gpu(i);
      samples.add(new Sample("edge-1", Dcgm.XID, l, t, g[0]));
      samples.add(new Sample("edge-1", Dcgm.GPU_TEMP, l, t, g[1]));
      samples.add(new Sample("edge-1", Dcgm.GPU_UTIL, l, t, 80));
      samples.add(new Sample("edge-1", Dcgm.ECC_DBE + ":rate", l, t, g[2]));
      samples.add(new Sample("edge-1", Dcgm.THERMAL_VIOLATION + ":rate", l, t, g[3]));
      samples.add(new Sample("edge-1", Dcgm.POWER_VIOLATION + ":rate", l, t, g.length > 4 ? g[4] : 0));
    }
    seen.addAll(thresholds.observe(samples, "edge-1"));
    seen.addAll(vanished.observe(samples, "edge-1"));
  }

  static double[] healthy() {
    return new double[] {0, 55, 0, 0};
  }

  @Test
  void aHealthyExporterRaisesNothing() {
    for (int s = 0; s < 30; s++) {
      window(s, 1, healthy(), healthy());
    }
    assertThat(seen).isEmpty();
  }

  @Test
  void xid79ThenTheGpuGoneFromAnAnswerThatGoesOnIsANodeFailureAtTheFirstWindow() {
    window(0, 1, new double[] {79, 55, 0, 0}, healthy()); // a fresh edge's first window
    assertThat(seen).singleElement().satisfies(d -> {
      assertThat(d.detector()).isEqualTo("threshold:" + Dcgm.RULE_XID);
      assertThat(d.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(d.observed()).isEqualTo(79);
      assertThat(d.resource()).isEqualTo(NODE);
      assertThat(Dcgm.nodeFailure(d)).isTrue();
    });
    seen.clear();
    window(1, 1, null, healthy());
    assertThat(seen).singleElement().satisfies(d -> {
      assertThat(d.metric()).isEqualTo(Dcgm.GPU_PRESENT);
      assertThat(d.detector()).isEqualTo("absent");
      assertThat(d.state()).isEqualTo(Detection.State.FIRING);
      assertThat(d.labels()).containsEntry("UUID", "GPU-00000000").containsEntry("resource", NODE);
      assertThat(d.resource()).isEqualTo(NODE);
      assertThat(Dcgm.nodeFailure(d)).isTrue();
    });
    assertThat(vanished.goneCount()).isEqualTo(1);
    seen.clear();
    window(2, 1, null, healthy());
    assertThat(seen).as("fired once").isEmpty();
    window(3, 1, healthy(), healthy()); // back after a reset, XID 0
    assertThat(seen).extracting(Detection::metric).containsExactlyInAnyOrder(Dcgm.XID, Dcgm.GPU_PRESENT);
    assertThat(seen).allSatisfy(d -> assertThat(d.state()).isEqualTo(Detection.State.RESOLVED));
    assertThat(vanished.goneCount()).isZero();
  }

  @Test
  void aTargetDownOrSilentIsNotAGpuGone() {
    window(0, 1, healthy(), healthy());
    window(1, 0); // scrape failed: up 0, no series
    window(2, 1, healthy(), healthy());
    vanished.observe(List.of(), "edge-1"); // nothing collected at all
    assertThat(seen).extracting(Detection::metric).containsOnly("up"); // only the up-down threshold
    assertThat(vanished.goneCount()).isZero();
  }

  @Test
  void aSingleGpuNodeWhoseOnlyGpuFellOffStillAnswersUp() {
    window(0, 1, (double[]) healthy());
    window(1, 1); // the exporter answers, with no GPU in it
    assertThat(seen).singleElement().satisfies(d -> assertThat(d.metric()).isEqualTo(Dcgm.GPU_PRESENT));
  }

  @Test
  void doubleBitEccIncreasingIsANodeFailureAndClearsWhenItStops() {
    window(0, 1, healthy(), healthy());
    window(1, 1, new double[] {48, 55, 1, 0}, healthy());
    assertThat(seen).extracting(Detection::detector)
        .containsExactlyInAnyOrder("threshold:" + Dcgm.RULE_XID, "threshold:" + Dcgm.RULE_ECC_DBE);
    assertThat(seen).allSatisfy(d -> assertThat(Dcgm.nodeFailure(d)).isTrue());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "xid 13 (an application's fault): alarm only,  13, 55,  0,      0,      threshold:gpu-xid,             CRITICAL",
      "94 °C: temperature,                           0,  94,  0,      0,      threshold:gpu-temp-high,       MAJOR",
      "throttled 40 % for heat,                      0,  70,  0,      400000, threshold:gpu-thermal-throttle, MAJOR",
  })
  void alarmsThatAreNoNodeFailure(String name, double xid, double temp, double dbe, double thermal, String detector,
      Severity severity) {
    window(0, 1, new double[] {xid, temp, dbe, thermal}, healthy());
    assertThat(seen).singleElement().satisfies(d -> {
      assertThat(d.detector()).isEqualTo(detector);
      assertThat(d.severity()).isEqualTo(severity);
      assertThat(Dcgm.nodeFailure(d)).isFalse();
    });
  }

  @Test
  void aPowerThrottleIsAWarning() {
    window(0, 1, new double[] {0, 60, 0, 0, 500000}, healthy());
    assertThat(seen).singleElement().satisfies(d -> {
      assertThat(d.detector()).isEqualTo("threshold:" + Dcgm.RULE_POWER);
      assertThat(d.severity()).isEqualTo(Severity.WARNING);
    });
  }

  @Test
  void theTemperatureAlarmHoldsUntilFiveDegreesBelowItsLimit() {
    window(0, 1, new double[] {0, 91, 0, 0}, healthy());
    window(1, 1, new double[] {0, 88, 0, 0}, healthy());
    assertThat(seen).hasSize(1);
    window(2, 1, new double[] {0, 84, 0, 0}, healthy());
    assertThat(seen).extracting(Detection::state).containsExactly(Detection.State.FIRING, Detection.State.RESOLVED);
  }
}
