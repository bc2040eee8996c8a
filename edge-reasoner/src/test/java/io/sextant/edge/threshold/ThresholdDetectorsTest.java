package io.sextant.edge.threshold;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.match.Matcher;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import io.sextant.common.model.Severity;
import io.sextant.edge.threshold.ThresholdRule.Direction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Timelines: values fed at times (seconds), the level each series is in asserted at times. The
 * level is read back from the detections, as the alarm engine sees them.
 */
class ThresholdDetectorsTest {
  static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
  static final String SITE = "edge-1";
  static final String PATH = "path:edge-1>edge-2";
  static final ThresholdRule LOSS = new ThresholdRule("lossy-links", "probe_loss_ratio", List.of(), Direction.ABOVE,
      List.of(new Level(Severity.WARNING, 0.02, 0.01), new Level(Severity.MAJOR, 0.05, 0.04),
          new Level(Severity.CRITICAL, 0.20, 0.15)));

  /** Feeds one series and keeps what the engine would see: the severity in force after each time. */
  static final class Timeline {
    final ThresholdDetectors detectors;
    final List<Detection> detections = new ArrayList<>();
    Severity level;

    Timeline(ThresholdRule... rules) {
      detectors = new ThresholdDetectors(ThresholdRules.of(rules));
    }

    Timeline feed(int seconds, String metric, Map<String, String> labels, double value) {
      for (Detection d : detectors.observe(List.of(new Sample(SITE, metric, labels, T0.plusSeconds(seconds), value)),
          SITE)) {
        detections.add(d);
        level = d.state() == Detection.State.FIRING ? d.severity() : null;
      }
      return this;
    }

    Timeline loss(int seconds, double value) {
      return feed(seconds, "probe_loss_ratio", Labels.of("resource", PATH), value);
    }
  }

  @Test
  void forPointsWaitsForThatManyPointsInARowBeforeEnteringALevelButNotBeforeLeavingIt() {
    ThresholdRule hot = new ThresholdRule("link-hot", "probe_loss_ratio", List.of(), Direction.ABOVE,
        List.of(new Level(Severity.WARNING, 0.02, 0.01), new Level(Severity.MAJOR, 0.05, 0.04)), 3);
    Timeline tl = new Timeline(hot);
    tl.loss(0, 0.03).loss(10, 0.03);
    assertThat(tl.level).isNull();
    tl.loss(20, 0.0).loss(30, 0.03).loss(40, 0.03); // the dip started the count again
    assertThat(tl.level).isNull();
    tl.loss(50, 0.03);
    assertThat(tl.level).isEqualTo(Severity.WARNING);
    tl.loss(60, 0.06).loss(70, 0.06);
    assertThat(tl.level).isEqualTo(Severity.WARNING); // a worse level waits too
    tl.loss(80, 0.06);
    assertThat(tl.level).isEqualTo(Severity.MAJOR);
    tl.loss(90, 0.0);
    assertThat(tl.level).isNull(); // leaving is at once
    assertThat(tl.detections).hasSize(3);
  }

  @Test
  void levelsRaiseAtTheirValueAndClearOnlyBelowALowerOne() {
    Timeline tl = new Timeline(LOSS);
    tl.loss(0, 0.0);
    assertThat(tl.level).isNull();
    tl.loss(10, 0.021);
    assertThat(tl.level).isEqualTo(Severity.WARNING);
    tl.loss(20, 0.019).loss(30, 0.011);
    assertThat(tl.level).as("below raise, above clear: held").isEqualTo(Severity.WARNING);
    tl.loss(40, 0.05);
    assertThat(tl.level).isEqualTo(Severity.MAJOR);
    tl.loss(50, 0.041);
    assertThat(tl.level).isEqualTo(Severity.MAJOR);
    tl.loss(60, 0.039);
    assertThat(tl.level).as("major cleared, warning held").isEqualTo(Severity.WARNING);
    tl.loss(70, 0.25);
    assertThat(tl.level).as("a jump goes straight to the worst level reached").isEqualTo(Severity.CRITICAL);
    tl.loss(80, 0.009);
    assertThat(tl.level).isNull();

    assertThat(tl.detections).extracting(Detection::state, Detection::severity, d -> d.time().getEpochSecond()
        - T0.getEpochSecond()).containsExactly(
            org.assertj.core.groups.Tuple.tuple(Detection.State.FIRING, Severity.WARNING, 10L),
            org.assertj.core.groups.Tuple.tuple(Detection.State.FIRING, Severity.MAJOR, 40L),
            org.assertj.core.groups.Tuple.tuple(Detection.State.FIRING, Severity.WARNING, 60L),
            org.assertj.core.groups.Tuple.tuple(Detection.State.FIRING, Severity.CRITICAL, 70L),
            org.assertj.core.groups.Tuple.tuple(Detection.State.RESOLVED, null, 80L));
    Detection major = tl.detections.get(1);
    assertThat(major.detector()).isEqualTo("threshold:lossy-links");
    assertThat(major.observed()).isEqualTo(0.05);
    assertThat(major.expected()).as("the crossed raise").isEqualTo(0.05);
    assertThat(major.resource()).isEqualTo(PATH);
  }

  @Test
  void aValueHoveringAtTheThresholdDoesNotFlap() {
    Timeline tl = new Timeline(LOSS);
    for (int i = 0; i < 20; i++) {
      tl.loss(i * 10, i % 2 == 0 ? 0.051 : 0.049);
    }
    assertThat(tl.detections).singleElement().satisfies(d -> assertThat(d.severity()).isEqualTo(Severity.MAJOR));
  }

  @Test
  void theFirstPointFiresWithoutWarmUp() {
    Timeline tl = new Timeline(ThresholdRules.defaults().all().toArray(ThresholdRule[]::new));
    Map<String, String> target = Labels.of("job", "node", "instance", "127.0.0.1:9");
    tl.feed(0, "up", target, 0);
    assertThat(tl.level).isEqualTo(Severity.MAJOR);
    tl.feed(10, "up", target, 1);
    assertThat(tl.level).isNull();
    tl.loss(20, 1.0);
    assertThat(tl.level).as("a path losing every packet").isEqualTo(Severity.CRITICAL);
    tl.loss(30, 0.95);
    assertThat(tl.level).isNull();
    assertThat(tl.detections).extracting(Detection::detector).containsExactly("threshold:up-down",
        "threshold:up-down", "threshold:probe-path-dead", "threshold:probe-path-dead");
  }

  @Test
  void aFlappingPrefixAlarmsAtSuppressAndClearsBelowReuse() {
    Timeline tl = new Timeline(ThresholdRules.defaults().all().toArray(ThresholdRule[]::new));
    Map<String, String> prefix = Labels.of("resource", "bgp-prefix:edge-1/r1/10.30.0.0/24", "prefix", "10.30.0.0/24");
    double[] penalty = {1000, 1900, 2100, 1500, 800, 750, 700};
    Severity[] expected = {null, null, Severity.MAJOR, Severity.MAJOR, Severity.MAJOR, Severity.MAJOR, null};
    for (int i = 0; i < penalty.length; i++) {
      tl.feed(i * 10, "bgp_flap_penalty", prefix, penalty[i]);
      assertThat(tl.level).as("penalty %s", penalty[i]).isEqualTo(expected[i]);
    }
    assertThat(tl.detections).extracting(Detection::detector).containsExactly("threshold:bgp-flap-suppress",
        "threshold:bgp-flap-suppress");
  }

  @Test
  void matchersChooseTheSeries() {
    ThresholdRule edge1Only = new ThresholdRule("edge-1-paths", "probe_loss_ratio",
        List.of(Matcher.parse("resource=~\"path:edge-1>.*\""), Matcher.parse("peer!=edge-3")), Direction.ABOVE,
        List.of(Level.at(Severity.MAJOR, 0.05)));
    Timeline tl = new Timeline(edge1Only);
    tl.feed(0, "probe_loss_ratio", Labels.of("resource", "path:edge-2>edge-1", "peer", "edge-1"), 0.5);
    tl.feed(0, "probe_loss_ratio", Labels.of("resource", "path:edge-1>edge-3", "peer", "edge-3"), 0.5);
    tl.feed(0, "probe_rtt_ms", Labels.of("resource", "path:edge-1>edge-2", "peer", "edge-2"), 0.5);
    assertThat(tl.detections).isEmpty();
    tl.feed(0, "probe_loss_ratio", Labels.of("resource", "path:edge-1>edge-2", "peer", "edge-2"), 0.5);
    assertThat(tl.detections).singleElement().satisfies(d -> assertThat(d.resource()).isEqualTo("path:edge-1>edge-2"));
  }

  @Test
  void aFiringSeriesThatVanishesIsResolvedAsStale() {
    Timeline tl = new Timeline(LOSS);
    tl.loss(0, 0.3);
    for (int s = 10; s <= 310; s += 10) {
      tl.feed(s, "probe_loss_ratio", Labels.of("resource", "path:edge-1>edge-3"), 0);
    }
    assertThat(tl.detections).extracting(Detection::detector).containsExactly("threshold:lossy-links",
        "threshold:lossy-links/stale");
    assertThat(tl.detections.get(1).time()).isEqualTo(T0.plusSeconds(310));
    assertThat(tl.detectors.firingCount("lossy-links")).isZero();
  }

  @Test
  void aDetectionIdNamesTheThresholdSoABaselineOnTheSamePointDoesNotCollide() {
    Timeline tl = new Timeline(LOSS);
    tl.loss(0, 0.3);
    Detection threshold = tl.detections.get(0);
    Detection baseline = Detection.of(SITE, threshold.time(), "ewma-baseline",
        new Sample(SITE, "probe_loss_ratio", Labels.of("resource", PATH), threshold.time(), 0.3),
        Detection.State.FIRING, 0, 1);
    assertThat(threshold.id()).isNotEqualTo(baseline.id());
  }
}
