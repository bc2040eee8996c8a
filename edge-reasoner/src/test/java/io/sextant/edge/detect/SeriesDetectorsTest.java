package io.sextant.edge.detect;

import static io.sextant.edge.detect.Synthetic.POINTS_PER_DAY;
import static io.sextant.edge.detect.Synthetic.POINTS_PER_HOUR;
import static io.sextant.edge.detect.Synthetic.SITE;
import static io.sextant.edge.detect.Synthetic.one;
import static io.sextant.edge.detect.Synthetic.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.sextant.common.model.Detection;
import io.sextant.common.model.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SeriesDetectorsTest {
  private final SeriesDetectors detectors = new SeriesDetectors(DetectorRules.defaults());

  static Stream<Arguments> dailyCycles() {
    return Stream.of(
        arguments("service cpu around 0.40", "service_cpu_utilization", 0.40, 1L, 1.0),
        arguments("service cpu around 0.40, another seed", "service_cpu_utilization", 0.40, 2L, 1.0),
        arguments("latency around 80 ms", "service_latency_ms", 80.0, 3L, 200.0),
        arguments("node cpu around 0.50", "node_cpu_utilization", 0.50, 4L, 0.90),
        arguments("error ratio around 0.01", "service_error_ratio", 0.01, 5L, 0.10));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dailyCycles")
  void twoDaysOfNoisyDailyCycleRaiseNothingYetAFaultAfterThemFires(String name, String metric, double mean,
      long seed, double fault) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Detection> detections = new ArrayList<>();
    int days = 2 * POINTS_PER_DAY;
    for (int i = 0; i < days; i++) {
      detections.addAll(detectors.observe(one(metric, "service:edge-1/web", i, Synthetic.dailyCycle(random, mean, i)),
          SITE));
    }
    assertThat(detections).isEmpty();

    // Not deaf: a fault above the rule's minimum effect, at the cycle's mean level, fires.
    for (int i = days; i < days + 2; i++) {
      detections.addAll(detectors.observe(one(metric, "service:edge-1/web", i, fault), SITE));
    }
    assertThat(detections).extracting(Detection::state).containsExactly(Detection.State.FIRING);
    assertThat(detectors.seriesCount()).isEqualTo(1);
    assertThat(detectors.rejectedPoints()).isZero();
  }

  @Test
  void aDayOfRareProbeLossRaisesNothingAndTenPercentLossFires() {
    SplittableRandom random = new SplittableRandom(21);
    List<Detection> detections = new ArrayList<>();
    for (int i = 0; i < POINTS_PER_DAY; i++) {
      detections.addAll(detectors.observe(
          one("probe_loss_ratio", "link:edge-1/edge-2", i, Synthetic.lossRatio(random, 200, 0.0005)), SITE));
    }
    assertThat(detections).isEmpty();

    for (int i = POINTS_PER_DAY; i < POINTS_PER_DAY + 2; i++) {
      detections.addAll(detectors.observe(one("probe_loss_ratio", "link:edge-1/edge-2", i, 0.1), SITE));
    }
    assertThat(detections).hasSize(1);
    assertThat(detections.get(0).state()).isEqualTo(Detection.State.FIRING);
    assertThat(detections.get(0).expected()).isLessThan(0.005);
  }

  @Test
  void transitionsAreReportedAsDetectionsOfTheSampleThatCausedThem() {
    String metric = "service_cpu_utilization";
    feedFlat(metric, "service:edge-1/web", 0.30, 0, 100);
    Sample second = sample(metric, "service:edge-1/web", 101, 0.80);

    assertThat(detectors.observe(one(metric, "service:edge-1/web", 100, 0.80), SITE)).isEmpty();
    List<Detection> firing = detectors.observe(List.of(second), "edge-1");

    assertThat(firing).singleElement().satisfies(d -> {
      assertThat(d.state()).isEqualTo(Detection.State.FIRING);
      assertThat(d.site()).isEqualTo("edge-1");
      assertThat(d.time()).isEqualTo(second.time());
      assertThat(d.detector()).isEqualTo("ewma-baseline");
      assertThat(d.metric()).isEqualTo(metric);
      assertThat(d.resource()).isEqualTo("service:edge-1/web");
      assertThat(d.labels()).isEqualTo(second.labels());
      assertThat(d.observed()).isEqualTo(0.80);
      assertThat(d.expected()).isCloseTo(0.30, within(1e-9));
      assertThat(d.score()).isEqualTo(1.0);
      assertThat(d.seriesId()).isEqualTo(second.seriesId());
    });
    assertThat(detectors.firing(second.seriesId())).isTrue();
    assertThat(detectors.expected(second.seriesId())).hasValueCloseTo(0.30, within(1e-9));

    feedFlat(metric, "service:edge-1/web", 0.30, 102, 103);
    List<Detection> resolved = detectors.observe(one(metric, "service:edge-1/web", 103, 0.30), SITE);
    assertThat(resolved).singleElement().satisfies(d -> {
      assertThat(d.state()).isEqualTo(Detection.State.RESOLVED);
      assertThat(d.observed()).isEqualTo(0.30);
      assertThat(d.score()).isZero();
    });
    assertThat(detectors.firing(second.seriesId())).isFalse();
  }

  @Test
  void eachSeriesHasItsOwnBaseline() {
    String metric = "service_cpu_utilization";
    Sample web = sample(metric, "service:edge-1/web", 0, 0);
    Sample db = sample(metric, "service:edge-1/db", 0, 0);
    feedFlat(metric, "service:edge-1/web", 0.20, 0, 100);
    feedFlat(metric, "service:edge-1/db", 0.70, 0, 100);

    List<Detection> detections = new ArrayList<>();
    for (int i = 100; i < 102; i++) {
      detections.addAll(detectors.observe(
          List.of(sample(metric, "service:edge-1/web", i, 0.70), sample(metric, "service:edge-1/db", i, 0.70)), SITE));
    }

    assertThat(detections).extracting(Detection::resource).containsExactly("service:edge-1/web");
    assertThat(detectors.firing(web.seriesId())).isTrue();
    assertThat(detectors.firing(db.seriesId())).isFalse();
    assertThat(detectors.expected(db.seriesId())).hasValueCloseTo(0.70, within(1e-9));
    assertThat(detectors.seriesCount()).isEqualTo(2);
  }

  @Test
  void unmonitoredMetricsCostNoState() {
    for (int i = 0; i < 100; i++) {
      assertThat(detectors.observe(one("probe_jitter_ms", "link:edge-1/edge-2", i, i % 2 == 0 ? 1 : 500), SITE))
          .isEmpty();
    }

    assertThat(detectors.seriesCount()).isZero();
    assertThat(detectors.rejectedPoints()).isZero();
  }

  @Test
  void nonFiniteAndStalePointsAreCountedAndSkipped() {
    String metric = "node_gpu_up";
    Sample gpu = sample(metric, "node:edge-1/gpu-0", 0, 1);
    detectors.observe(one(metric, "node:edge-1/lost", 0, Double.NaN), SITE);
    assertThat(detectors.seriesCount()).as("a series that only sent NaN has no detector").isZero();

    feedFlat(metric, "node:edge-1/gpu-0", 1.0, 0, 100);
    List<Detection> detections = detectors.observe(List.of(
        sample(metric, "node:edge-1/gpu-0", 100, Double.NaN),
        sample(metric, "node:edge-1/gpu-0", 101, Double.POSITIVE_INFINITY),
        sample(metric, "node:edge-1/gpu-0", 102, Double.NEGATIVE_INFINITY),
        sample(metric, "node:edge-1/gpu-0", 99, 0.0)), SITE);

    assertThat(detections).isEmpty();
    assertThat(detectors.rejectedPoints()).isEqualTo(5);
    assertThat(detectors.expected(gpu.seriesId())).hasValue(1.0);
    assertThat(detectors.firing(gpu.seriesId())).isFalse();
  }

  @Test
  void expectedIsEmptyForAnUnknownOrWarmingSeries() {
    Sample web = sample("service_latency_ms", "service:edge-1/web", 0, 80);
    assertThat(detectors.expected(web.seriesId())).isEmpty();

    feedFlat("service_latency_ms", "service:edge-1/web", 80, 0, 59);
    assertThat(detectors.expected(web.seriesId())).isEmpty();
    feedFlat("service_latency_ms", "service:edge-1/web", 80, 59, 60);
    assertThat(detectors.expected(web.seriesId())).hasValue(80.0);
    assertThat(detectors.firing(web.seriesId())).isFalse();
  }

  @Test
  void aLongFaultKeepsFiringAgainstThePreFaultLevel() {
    String metric = "service_latency_ms";
    SplittableRandom random = new SplittableRandom(22);
    Sample web = sample(metric, "service:edge-1/web", 0, 0);
    List<Detection> detections = new ArrayList<>();
    for (int i = 0; i < POINTS_PER_HOUR + 120; i++) {
      double level = i < POINTS_PER_HOUR ? 80 : 200;
      detections.addAll(detectors.observe(one(metric, "service:edge-1/web", i, Synthetic.noisy(random, level, 2)),
          SITE));
    }

    assertThat(detections).singleElement().extracting(Detection::state).isEqualTo(Detection.State.FIRING);
    assertThat(detectors.firing(web.seriesId())).isTrue();
    assertThat(detectors.expected(web.seriesId()).orElseThrow()).isCloseTo(80, within(1.0));
  }

  private void feedFlat(String metric, String resource, double value, int from, int to) {
    for (int i = from; i < to; i++) {
      assertThat(detectors.observe(one(metric, resource, i, value), SITE)).isEmpty();
    }
  }

  @Test
  void aFiringSeriesThatVanishesIsResolvedAsStaleWhileTheSiteGoesOnReporting() {
    SeriesDetectors d = new SeriesDetectors(DetectorRules.defaults(), java.time.Duration.ofSeconds(30));
    int p = 0;
    for (; p < 100; p++) {
      d.observe(one("service_latency_ms", "service:edge-1/web", p, 20), SITE);
    }
    List<Detection> seen = new ArrayList<>();
    for (int i = 0; i < 2; i++, p++) {
      seen.addAll(d.observe(one("service_latency_ms", "service:edge-1/web", p, 400), SITE));
    }
    assertThat(seen).extracting(Detection::state).containsExactly(Detection.State.FIRING);
    // the web series is gone; another series of the site keeps reporting
    for (int i = 0; i < 6; i++, p++) {
      seen.addAll(d.observe(one("service_cpu_utilization", "service:edge-1/api", p, 0.3), SITE));
    }
    assertThat(seen).extracting(Detection::state).containsExactly(Detection.State.FIRING);
    seen.addAll(d.observe(one("service_cpu_utilization", "service:edge-1/api", p, 0.3), SITE));
    assertThat(seen).extracting(Detection::state)
        .containsExactly(Detection.State.FIRING, Detection.State.RESOLVED);
    assertThat(seen.get(1).detector()).isEqualTo("ewma-baseline/stale");
    assertThat(seen.get(1).resource()).isEqualTo("service:edge-1/web");
  }
}
