package io.sextant.edge.detect;

import static io.sextant.edge.detect.BaselineDetector.Outcome.FIRED;
import static io.sextant.edge.detect.BaselineDetector.Outcome.NO_CHANGE;
import static io.sextant.edge.detect.BaselineDetector.Outcome.REJECTED;
import static io.sextant.edge.detect.BaselineDetector.Outcome.RESOLVED;
import static io.sextant.edge.detect.Synthetic.POINTS_PER_HOUR;
import static io.sextant.edge.detect.Synthetic.millis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sextant.edge.detect.BaselineDetector.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/** Timeline tests of one detector: feed points at indices, assert the transitions at indices. */
class BaselineDetectorTest {
  private static final DetectorRule CPU = DetectorRules.defaults().byMetric().get("service_cpu_utilization");
  private static final DetectorRule NODE_CPU = DetectorRules.defaults().byMetric().get("node_cpu_utilization");
  private static final DetectorRule GPU = DetectorRules.defaults().byMetric().get("node_gpu_up");

  /** A transition and the point index it happened at. */
  record At(int point, Outcome outcome) {}

  private static List<At> run(BaselineDetector detector, int from, int to, IntToDoubleFunction value) {
    List<At> transitions = new ArrayList<>();
    for (int i = from; i < to; i++) {
      Outcome outcome = detector.observe(millis(i), value.applyAsDouble(i));
      if (outcome == FIRED || outcome == RESOLVED) {
        transitions.add(new At(i, outcome));
      }
    }
    return transitions;
  }

  @Test
  void stepUpOf150PercentFiresWithinTwoPointsAndClearsWithinThreeAfterReturn() {
    SplittableRandom random = new SplittableRandom(11);
    BaselineDetector detector = new BaselineDetector(CPU);
    int faultStart = POINTS_PER_HOUR;
    int faultEnd = faultStart + 60;
    List<At> transitions = run(detector, 0, faultEnd + 120, i -> {
      double level = i >= faultStart && i < faultEnd ? 0.75 : 0.30;
      return level * (1 + 0.03 * random.nextGaussian());
    });

    assertThat(transitions).hasSize(2);
    assertThat(transitions.get(0).outcome()).isEqualTo(FIRED);
    assertThat(transitions.get(0).point()).isBetween(faultStart, faultStart + 1);
    assertThat(transitions.get(1).outcome()).isEqualTo(RESOLVED);
    assertThat(transitions.get(1).point()).isBetween(faultEnd + 1, faultEnd + 2);
  }

  @Test
  void tenMinuteFaultIsNotLearnedAsNormal() {
    SplittableRandom random = new SplittableRandom(12);
    BaselineDetector detector = new BaselineDetector(CPU);
    int faultStart = POINTS_PER_HOUR;
    int faultEnd = faultStart + 120; // 10 minutes at 5 s
    run(detector, 0, faultStart, i -> Synthetic.noisy(random, 0.30, 0.01));
    double before = detector.expected();

    List<At> during = run(detector, faultStart, faultEnd, i -> Synthetic.noisy(random, 0.75, 0.02));

    assertThat(during).containsExactly(new At(faultStart + 1, FIRED));
    assertThat(detector.firing()).as("still firing at the end of the fault").isTrue();
    assertThat(detector.expected()).as("baseline frozen at its pre-fault level").isEqualTo(before);
    assertThat(before).isCloseTo(0.30, within(0.01));
    assertThat(run(detector, faultEnd, faultEnd + 10, i -> Synthetic.noisy(random, 0.30, 0.01)))
        .containsExactly(new At(faultEnd + 1, RESOLVED));
  }

  @Test
  void gpuGoingDownFiresAndClearsWhenItIsBack() {
    BaselineDetector detector = new BaselineDetector(GPU);
    List<At> transitions = run(detector, 0, 200, i -> i >= 100 && i < 110 ? 0.0 : 1.0);

    assertThat(transitions).containsExactly(new At(101, FIRED), new At(111, RESOLVED));
    assertThat(detector.expected()).isEqualTo(1.0);
  }

  @Test
  void gpuComingUpIsNotAFaultForADownRule() {
    BaselineDetector detector = new BaselineDetector(GPU);

    assertThat(run(detector, 0, 200, i -> i < 100 ? 0.0 : 1.0)).isEmpty();
  }

  @Test
  void significantShiftBelowTheMinimumEffectDoesNotFire() {
    SplittableRandom random = new SplittableRandom(13);
    BaselineDetector detector = new BaselineDetector(NODE_CPU);
    run(detector, 0, POINTS_PER_HOUR, i -> Synthetic.noisy(random, 0.30, 0.003));
    // +0.10 is ~25 sigma: significant beyond doubt, but under the rule's +0.25.
    assertThat(detector.score(0.40)).isGreaterThan(0.999);

    assertThat(run(detector, POINTS_PER_HOUR, 2 * POINTS_PER_HOUR, i -> Synthetic.noisy(random, 0.40, 0.003)))
        .isEmpty();
    assertThat(detector.expected()).as("the new level is learned").isCloseTo(0.40, within(0.01));
  }

  @Test
  void dropOnAnUpRuleDoesNotFire() {
    SplittableRandom random = new SplittableRandom(14);
    BaselineDetector detector = new BaselineDetector(CPU);

    assertThat(run(detector, 0, 400, i -> Synthetic.noisy(random, i < 200 ? 0.8 : 0.1, 0.01))).isEmpty();
  }

  @Test
  void nonFiniteValuesAreRejectedAndLeaveTheStateIntact() {
    SplittableRandom random = new SplittableRandom(15);
    BaselineDetector detector = new BaselineDetector(CPU);
    run(detector, 0, 300, i -> Synthetic.noisy(random, 0.30, 0.01));
    double level = detector.expected();
    double sigma = detector.sigma();

    assertThat(detector.observe(millis(300), 0.9)).as("first anomalous point: pending").isEqualTo(NO_CHANGE);
    assertThat(detector.observe(millis(301), Double.NaN)).isEqualTo(REJECTED);
    assertThat(detector.observe(millis(302), Double.POSITIVE_INFINITY)).isEqualTo(REJECTED);
    assertThat(detector.observe(millis(303), Double.NEGATIVE_INFINITY)).isEqualTo(REJECTED);
    assertThat(detector.expected()).isEqualTo(level);
    assertThat(detector.sigma()).isEqualTo(sigma);
    assertThat(detector.observe(millis(304), 0.9)).as("the pending run survived the NaNs").isEqualTo(FIRED);
  }

  @Test
  void pointNotNewerThanThePreviousIsRejected() {
    BaselineDetector detector = new BaselineDetector(CPU);
    detector.observe(millis(10), 0.3);

    assertThat(detector.observe(millis(10), 0.3)).isEqualTo(REJECTED);
    assertThat(detector.observe(millis(9), 0.3)).isEqualTo(REJECTED);
    assertThat(detector.observe(millis(11), 0.3)).isEqualTo(NO_CHANGE);
  }

  @Test
  void missingScrapesNeitherFireNorBlindTheDetector() {
    SplittableRandom random = new SplittableRandom(16);
    SplittableRandom gaps = new SplittableRandom(17);
    BaselineDetector detector = new BaselineDetector(CPU);
    List<At> transitions = new ArrayList<>();
    int faultStart = 2 * POINTS_PER_HOUR;
    for (int i = 0; i < faultStart + 20; i++) {
      boolean scraped = i == faultStart + 2 || i == faultStart + 4 || gaps.nextDouble() > 0.15;
      if (i == faultStart + 3 || !scraped) {
        continue;
      }
      double value = Synthetic.noisy(random, i >= faultStart ? 0.75 : 0.30, 0.01);
      Outcome outcome = detector.observe(millis(i), value);
      if (outcome != NO_CHANGE) {
        transitions.add(new At(i, outcome));
      }
    }

    assertThat(transitions).hasSize(1);
    assertThat(transitions.get(0).outcome()).isEqualTo(FIRED);
    assertThat(transitions.get(0).point()).isBetween(faultStart + 1, faultStart + 4);
  }

  @Test
  void longSilenceMakesAQuietSeriesLearnAgain() {
    SplittableRandom random = new SplittableRandom(18);
    BaselineDetector detector = new BaselineDetector(CPU);
    run(detector, 0, POINTS_PER_HOUR, i -> Synthetic.noisy(random, 0.30, 0.01));
    int back = 3 * POINTS_PER_HOUR; // two hours without a point

    assertThat(run(detector, back, back + 60, i -> Synthetic.noisy(random, 0.60, 0.01))).isEmpty();
    assertThat(detector.warmedUp()).isTrue();
    assertThat(detector.expected()).isCloseTo(0.60, within(0.01));
    assertThat(run(detector, back + 60, back + 70, i -> 0.95)).containsExactly(new At(back + 61, FIRED));
  }

  @Test
  void longSilenceKeepsAFiringSeriesFrozenUntilItRecovers() {
    BaselineDetector detector = new BaselineDetector(GPU);
    run(detector, 0, 102, i -> i < 100 ? 1.0 : 0.0);
    assertThat(detector.firing()).isTrue();
    int back = 2 * POINTS_PER_HOUR;

    assertThat(run(detector, back, back + 5, i -> 0.0)).isEmpty();
    assertThat(run(detector, back + 5, back + 10, i -> 1.0)).containsExactly(new At(back + 6, RESOLVED));
  }

  @Test
  void warmUpNeverFiresAndStartsFromTheMeanNotFromZero() {
    BaselineDetector detector = new BaselineDetector(CPU);
    List<At> transitions = run(detector, 0, CPU.warmUpPoints(), i -> i % 2 == 0 ? 0.2 : 0.9);

    assertThat(transitions).isEmpty();
    assertThat(detector.warmedUp()).isTrue();
    assertThat(detector.expected()).isCloseTo(0.55, within(0.05));
  }

  @Test
  void anIsolatedSpikeNeitherFiresNorMovesTheBaseline() {
    SplittableRandom random = new SplittableRandom(19);
    BaselineDetector detector = new BaselineDetector(CPU);
    run(detector, 0, 300, i -> Synthetic.noisy(random, 0.30, 0.01));
    double level = detector.expected();

    assertThat(detector.observe(millis(300), 0.95)).isEqualTo(NO_CHANGE);
    assertThat(detector.expected()).isEqualTo(level);
    assertThat(run(detector, 301, 400, i -> Synthetic.noisy(random, 0.30, 0.01))).isEmpty();
  }

  @Test
  void scoreIsZeroWithinOneSigmaAndRisesMonotonicallyTowardsOne() {
    BaselineDetector detector = new BaselineDetector(CPU);
    SplittableRandom random = new SplittableRandom(20);
    run(detector, 0, 300, i -> Synthetic.noisy(random, 0.30, 0.01));
    double level = detector.expected();
    double sigma = detector.sigma();

    assertThat(detector.score(level - 3 * sigma)).as("wrong direction").isZero();
    assertThat(detector.score(level + sigma)).isZero();
    assertThat(detector.score(level + 3 * sigma)).isCloseTo(1 - Math.exp(-0.5), within(1e-9));
    assertThat(detector.score(level + 5 * sigma)).isCloseTo(1 - Math.exp(-2), within(1e-9));
    assertThat(detector.score(level + 1e9)).isEqualTo(1.0);
  }

  @Test
  void bothDirectionsFireForABothRule() {
    DetectorRule both = DetectorRule.of("queue_depth", DetectorRule.Direction.BOTH, 10, 0);
    BaselineDetector up = new BaselineDetector(both);
    BaselineDetector down = new BaselineDetector(both);

    assertThat(run(up, 0, 110, i -> i < 100 ? 50 + i % 3 : 80)).containsExactly(new At(101, FIRED));
    assertThat(run(down, 0, 110, i -> i < 100 ? 50 + i % 3 : 20)).containsExactly(new At(101, FIRED));
  }
}
