package io.sextant.edge.threshold;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.model.Detection;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Timeline: windows of a federated answer, one target leaving it and coming back. */
class AbsentSeriesTest {
  static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
  final AbsentSeries absent = new AbsentSeries();
  final List<Detection> seen = new ArrayList<>();

  void window(int seconds, String... instances) {
    List<Sample> samples = new ArrayList<>();
    for (String i : instances) {
      samples.add(new Sample("edge-1", "up", Labels.of("job", "federate", "instance", i), T0.plusSeconds(seconds), 1));
    }
    samples.add(new Sample("edge-1", "host_cpu_busy_ratio", Labels.of("resource", "node:edge-1/n1"),
        T0.plusSeconds(seconds), 0.2));
    seen.addAll(absent.observe(samples, "edge-1"));
  }

  @Test
  void aTargetGoneFromTheAnswerForThreeWindowsFiresAndResolvesWhenBack() {
    window(0, "a", "b");
    window(10, "a");
    window(20, "a");
    assertThat(seen).isEmpty();
    window(30, "a");
    assertThat(seen).singleElement().satisfies(d -> {
      assertThat(d.state()).isEqualTo(Detection.State.FIRING);
      assertThat(d.detector()).isEqualTo("absent");
      assertThat(d.labels()).containsEntry("instance", "b");
      assertThat(d.observed()).as("seconds since last seen").isEqualTo(30);
      assertThat(d.time()).isEqualTo(T0.plusSeconds(30));
    });
    window(40, "a");
    assertThat(seen).hasSize(1);
    assertThat(absent.absentCount()).isEqualTo(1);
    window(50, "a", "b");
    assertThat(seen).hasSize(2);
    assertThat(seen.get(1).state()).isEqualTo(Detection.State.RESOLVED);
    assertThat(absent.absentCount()).isZero();
  }

  @Test
  void aWindowWithoutAnySampleDoesNotCount() {
    window(0, "a", "b");
    for (int i = 0; i < 5; i++) {
      seen.addAll(absent.observe(List.of(), "edge-1"));
    }
    window(60, "a", "b");
    assertThat(seen).isEmpty();
  }
}
