package io.sextant.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.collector.source.Source;
import io.sextant.collector.validate.Rejection.Reason;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import io.sextant.common.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CollectorTest {
  static final Instant T = Instant.parse("2026-01-05T10:00:00Z");
  final MutableClock clock = new MutableClock(T);

  static Sample ok(String metric, double v) {
    return new Sample("edge-1", metric, Labels.of("resource", "node:edge-1/n1"), T, v);
  }

  static Source fixed(String name, List<Sample> samples) {
    return new Source() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<Sample> collect(Instant windowEnd) {
        return samples;
      }
    };
  }

  @Test
  void badSamplesAreRejectedByReasonAndTheGoodOnesBesideThemKept() {
    Map<String, String> huge = new HashMap<>();
    for (int i = 0; i < 10_000; i++) {
      huge.put("l" + i, "v");
    }
    List<Sample> batch = List.of(
        ok("node_cpu_utilization", 0.4),
        ok("node_cpu_utilization", Double.NaN),
        ok("node_memory_utilization", Double.POSITIVE_INFINITY),
        new Sample("edge-1", "node_load", huge, T, 1),
        new Sample("edge-1", "node_load", Labels.of("resource", "x".repeat(5000)), T, 1),
        new Sample("edge-1", "node load", Map.of(), T, 1),
        new Sample("edge-1", "node_load", Map.of("bad-label", "x"), T, 1),
        new Sample("edge-1", "node_load", Map.of(), T.plus(Duration.ofDays(3)), 1),
        ok("node_memory_utilization", 0.6));
    Collector c = new Collector("edge-1", List.of(fixed("mixed", batch)), clock);

    List<Sample> out = c.collect(T);

    assertThat(out).extracting(Sample::value).containsExactly(0.4, 0.6);
    assertThat(c.rejected(Reason.NOT_FINITE)).isEqualTo(2);
    assertThat(c.rejected(Reason.TOO_MANY_LABELS)).isEqualTo(1);
    assertThat(c.rejected(Reason.LABEL_VALUE_TOO_LONG)).isEqualTo(1);
    assertThat(c.rejected(Reason.BAD_METRIC_NAME)).isEqualTo(1);
    assertThat(c.rejected(Reason.BAD_LABEL_NAME)).isEqualTo(1);
    assertThat(c.rejected(Reason.FUTURE_TIMESTAMP)).isEqualTo(1);
    assertThat(c.accepted()).isEqualTo(2);
  }

  @Test
  void aFailingSourceLosesOnlyItsOwnRound() {
    Source broken = new Source() {
      @Override
      public String name() {
        return "broken";
      }

      @Override
      public List<Sample> collect(Instant windowEnd) throws Exception {
        throw new java.io.IOException("connection refused");
      }
    };
    Collector c = new Collector("edge-1", List.of(broken, fixed("good", List.of(ok("m", 1)))), clock);
    assertThat(c.collect(T)).hasSize(1);
    assertThat(c.rejected(Reason.SOURCE_FAILED)).isEqualTo(1);
  }

  @Test
  void samplesAreStampedWithTheCollectorsSite() {
    Sample foreign = new Sample("elsewhere", "m", Map.of(), T, 1);
    Collector c = new Collector("edge-1", List.of(fixed("s", List.of(foreign))), clock);
    assertThat(c.collect(T)).extracting(Sample::site).containsExactly("edge-1");
  }
}
