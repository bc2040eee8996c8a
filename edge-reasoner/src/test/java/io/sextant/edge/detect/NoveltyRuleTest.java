package io.sextant.edge.detect;

import static io.sextant.edge.detect.Synthetic.SITE;
import static io.sextant.edge.detect.Synthetic.noisy;
import static io.sextant.edge.detect.Synthetic.one;
import static io.sextant.edge.detect.Synthetic.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sextant.common.model.Detection;
import io.sextant.common.model.Sample;
import io.sextant.edge.detect.DetectorRule.Direction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Timelines of a rule that selects the novelty detector, driven through {@link SeriesDetectors}. */
class NoveltyRuleTest {
  private static final String LATENCY = "service_latency_ms";
  private static final String WEB = "service:edge-1/web";
  /** Past the 750-point warm-up with room for the detector to settle on the noise. */
  private static final int SHIFT_AT = 2_000;
  private static final int SHIFT_POINTS = 400;

  /** A detection at a point of the timeline. */
  record At(int point, Detection detection) {}

  private final SeriesDetectors detectors = new SeriesDetectors(DetectorRules.of(
      DetectorRule.novelty(LATENCY, Direction.UP, 0, 0.2),
      DetectorRule.of("service_cpu_utilization", Direction.UP, 0.15, 0)));

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void aLevelShiftFiresAtOnceAgainstThePreShiftLevelAndResolvesOnceLearned(long seed) {
    List<At> timeline = latency(seed, 80, 120, SHIFT_AT + SHIFT_POINTS + 600);

    assertThat(timeline).extracting(a -> a.detection().state())
        .containsExactly(Detection.State.FIRING, Detection.State.RESOLVED);
    At fired = timeline.get(0);
    assertThat(fired.point()).as("fires on the shift's first points").isBetween(SHIFT_AT, SHIFT_AT + 3);
    assertThat(fired.detection().detector()).isEqualTo("novelty");
    assertThat(fired.detection().score()).isBetween(0.5, 1.0);
    assertThat(fired.detection().expected()).isCloseTo(80, within(3.0));
    At resolved = timeline.get(1);
    // Novelty reports the change, not the state: the shifted level is learned, then quiet points resolve it.
    assertThat(resolved.point()).isBetween(fired.point() + DetectorRule.NOVELTY_POINTS_TO_CLEAR,
        SHIFT_AT + SHIFT_POINTS);
    assertThat(resolved.detection().expected()).as("resolution reports the pre-fault level")
        .isEqualTo(fired.detection().expected());
    assertThat(resolved.detection().score()).isLessThan(0.25);
  }

  @Test
  void aDropDoesNotFireAnUpRuleNorDoesNoiseBelowTheEffectMinimum() {
    // Only while it lasts: once the drop is learned, the recovery is a rise against it (as with the baseline).
    assertThat(latency(7, "service:edge-1/db", 80, 40, SHIFT_AT + SHIFT_POINTS)).isEmpty();
    assertThat(latency(8, "service:edge-1/api", 80, 90, SHIFT_AT + SHIFT_POINTS + 600))
        .as("+12%, the rule asks for +20%").isEmpty();
    assertThat(detectors.seriesCount()).isEqualTo(2);
    assertThat(detectors.rejectedPoints()).isZero();
  }

  @Test
  void nothingFiresDuringWarmUpAndAFaultRightAfterItIsCaught() {
    Sample web = sample(LATENCY, WEB, 0, 0);
    List<At> timeline = latency(9, 80, 160, 400);
    assertThat(timeline).isEmpty();
    assertThat(detectors.expected(web.seriesId())).as("still warming up").isEmpty();

    SplittableRandom random = new SplittableRandom(10);
    List<Detection> seen = new ArrayList<>();
    for (int i = 400; i < 900; i++) {
      seen.addAll(detectors.observe(one(LATENCY, WEB, i, noisy(random, 80, 2)), SITE));
    }
    assertThat(detectors.expected(web.seriesId())).hasValueCloseTo(80.0, within(3.0));
    seen.addAll(detectors.observe(one(LATENCY, WEB, 900, 200), SITE));
    assertThat(seen).extracting(Detection::state).containsExactly(Detection.State.FIRING);
    assertThat(detectors.firing(web.seriesId())).isTrue();
  }

  @Test
  void eachRuleKeepsItsOwnDetectorAndAVanishedNoveltySeriesResolvesAsStale() {
    SeriesDetectors d = new SeriesDetectors(DetectorRules.of(
        DetectorRule.novelty(LATENCY, Direction.UP, 0, 0.2),
        DetectorRule.of("service_cpu_utilization", Direction.UP, 0.15, 0)), Duration.ofSeconds(30));
    SplittableRandom random = new SplittableRandom(11);
    List<Detection> seen = new ArrayList<>();
    int p = 0;
    for (; p < 1000; p++) {
      seen.addAll(d.observe(List.of(sample(LATENCY, WEB, p, noisy(random, 80, 2)),
          sample("service_cpu_utilization", WEB, p, noisy(random, 0.3, 0.01))), SITE));
    }
    for (int i = 0; i < 2; i++, p++) {
      seen.addAll(d.observe(List.of(sample(LATENCY, WEB, p, 300),
          sample("service_cpu_utilization", WEB, p, 0.9)), SITE));
    }
    assertThat(seen).extracting(Detection::metric, Detection::detector).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(LATENCY, "novelty"),
        org.assertj.core.groups.Tuple.tuple("service_cpu_utilization", "ewma-baseline"));
    seen.clear();
    // Both series vanish; a probe of the site goes on reporting past the staleness delta.
    for (int i = 0; i < 8; i++, p++) {
      seen.addAll(d.observe(one("probe_loss_ratio", "link:edge-1/edge-2", p, 0), SITE));
    }
    assertThat(seen).extracting(Detection::detector)
        .containsExactlyInAnyOrder("novelty/stale", "ewma-baseline/stale");
    assertThat(d.seriesCount()).isEqualTo(2);
  }

  @Test
  void pointsThatAreNotFiniteOrNotNewerAreRejectedAndCounted() {
    latency(12, 80, 80, 10);
    detectors.observe(List.of(sample(LATENCY, WEB, 10, Double.NaN), sample(LATENCY, WEB, 9, 80)), SITE);
    assertThat(detectors.rejectedPoints()).isEqualTo(2);
  }

  @Test
  void anUnknownDetectorNameIsRefusedNamingTheKnownOnes() {
    DetectorRule rule = DetectorRule.of(LATENCY, Direction.UP, 0, 0.5);

    assertThatThrownBy(() -> rule.withDetector("isolation-forest"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("detector: unknown detector 'isolation-forest'; one of baseline, seasonal, novelty, auto");
    assertThatThrownBy(() -> DetectorKind.named(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("detector: must not be blank");
    assertThat(rule.withDetector(" Novelty ").detector()).isEqualTo(DetectorKind.NOVELTY);
  }

  @Test
  void aScoredRuleWithADebounceIsRefusedWithItsReason() {
    assertThatThrownBy(() -> new DetectorRule(LATENCY, Direction.UP, 0, 0.5, 5, 2, 60, 750, 0, DetectorKind.NOVELTY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pointsToFire: must be 1 with the novelty detector")
        .hasMessageContaining("start of an incident");
    assertThat(DetectorRule.of(LATENCY, Direction.UP, 0, 0.5).withDetector(DetectorKind.NOVELTY).pointsToFire())
        .isEqualTo(1);
  }

  /** Noisy latency at {@code normal}, at {@code shifted} for points [SHIFT_AT, SHIFT_AT + SHIFT_POINTS). */
  private List<At> latency(long seed, double normal, double shifted, int points) {
    return latency(seed, WEB, normal, shifted, points);
  }

  private List<At> latency(long seed, String resource, double normal, double shifted, int points) {
    SplittableRandom random = new SplittableRandom(seed);
    List<At> timeline = new ArrayList<>();
    for (int i = 0; i < points; i++) {
      double level = i >= SHIFT_AT && i < SHIFT_AT + SHIFT_POINTS ? shifted : normal;
      for (Detection d : detectors.observe(one(LATENCY, resource, i, noisy(random, level, 2)), SITE)) {
        timeline.add(new At(i, d));
      }
    }
    return timeline;
  }
}
