package io.sextant.edge.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Timeline tests of the novelty detector on seeded synthetic series. */
class NoveltyDetectorTest {
  private static final int WARMUP = 750;
  private static final double ALERT = NoveltyDetector.Config.ALERT_SCORE;

  private static NoveltyDetector detector() {
    return new NoveltyDetector(NoveltyDetector.Config.forWarmup(WARMUP));
  }

  /** Feeds {@code values} and returns the indices whose score reached the alert score. */
  private static List<Integer> alerts(NoveltyDetector d, double[] values, int from) {
    List<Integer> alerts = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      double s = d.score(values[i]);
      assertThat(s).isBetween(0.0, 1.0);
      if (i >= from && s >= ALERT) {
        alerts.add(i);
      }
    }
    return alerts;
  }

  private static double[] noise(long seed, int n, double level, double sd) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = level + sd * r.nextGaussian();
    }
    return v;
  }

  /** Bounded noise: the warm-up sees its whole range, so the noise alone is never novel. */
  private static double[] uniform(long seed, int n, double level, double halfWidth) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = level + halfWidth * (2 * r.nextDouble() - 1);
    }
    return v;
  }

  @Test
  void warmUpScoresNothing() {
    NoveltyDetector d = detector();
    double[] v = noise(1, WARMUP, 10, 1);
    v[WARMUP - 1] = 1_000;
    for (double x : v) {
      assertThat(d.score(x)).isZero();
    }
  }

  @Test
  void aSpikeFarOutsideTheNoiseIsAnAlertAndTheNoiseRarelyIs() {
    double[] v = noise(2, 3_000, 50, 2);
    v[2_000] = 90;
    List<Integer> alerts = alerts(detector(), v, WARMUP);
    assertThat(alerts).contains(2_000);
    // Gaussian noise does reach bins beyond the warm-up's range now and then (3+ sigma): those are
    // novelties too. They stay rare: well under 1% of the 2,250 scored points.
    assertThat(alerts).hasSizeLessThan(10);
  }

  @Test
  void aLevelShiftIsReportedOnceNotForEveryPointAtTheNewLevel() {
    double[] v = uniform(3, 4_000, 50, 3);
    for (int i = 2_000; i < v.length; i++) {
      v[i] += 30;
    }
    List<Integer> alerts = alerts(detector(), v, WARMUP);
    // Before the shift the slowest channel (a ~50-point mean) may still wander past the range it
    // showed in the warm-up; from the shift on, only the shift itself.
    assertThat(alerts).contains(2_000);
    assertThat(alerts.stream().filter(i -> i > 2_000)).as("alerts after the shift").isEmpty();
  }

  @Test
  void theRestPeriodHoldsBackASecondNoveltyRightAfterAnAlert() {
    double[] v = uniform(4, 3_000, 50, 3);
    v[2_000] = 90;
    v[2_050] = 10; // new too, but 50 points later: inside the rest period (150 points)
    v[2_400] = 130; // new again, after the rest period
    NoveltyDetector d = detector();
    double[] scores = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      scores[i] = d.score(v[i]);
    }
    assertThat(scores[2_000]).isGreaterThanOrEqualTo(ALERT);
    assertThat(scores[2_050]).isEqualTo(ALERT / 2);
    assertThat(d.score(10)).as("the bin was learned during the rest: known now").isLessThan(ALERT);
    assertThat(scores[2_400]).isGreaterThanOrEqualTo(ALERT);
  }

  @Test
  void aBinIsNewAgainAfterFiveWarmUpsWithoutAVisit() {
    double[] v = new double[10_000];
    java.util.Arrays.fill(v, 42.0);
    v[1_500] = 43;
    v[2_500] = 43; // the same excursion 1,000 points later: every channel retraces known bins
    v[9_000] = 43; // 6,500 points (> 5 x 750) since the last visit: new again
    NoveltyDetector d = detector();
    double[] scores = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      scores[i] = d.score(v[i]);
    }
    assertThat(scores[1_500]).isGreaterThanOrEqualTo(ALERT);
    assertThat(scores[2_500]).isLessThan(ALERT);
    assertThat(scores[9_000]).isGreaterThanOrEqualTo(ALERT);
  }

  @Test
  void aSeriesThatKeepsFindingNewBinsScoresLowerThanAQuietOne() {
    // A steady ramp enters a new bin every ~60 points: its novelties are routine, not alarming.
    NoveltyDetector ramp = detector();
    double rampMax = 0;
    for (int i = 0; i < 3_000; i++) {
      double s = ramp.score(i * 0.1);
      rampMax = i > 2_000 ? Math.max(rampMax, s) : rampMax;
    }
    // A flat series that has never left its bin: its first novelty is as surprising as it gets.
    NoveltyDetector quiet = detector();
    double quietSpike = 0;
    for (int i = 0; i < 3_000; i++) {
      quietSpike = quiet.score(i == 2_999 ? 43 : 42);
    }
    assertThat(rampMax).isBetween(ALERT, 0.7);
    // The first point after the range froze counts as a novelty, so even here the frequency is ~1/n.
    assertThat(quietSpike).isGreaterThan(0.75);
  }

  @Test
  void nonFiniteValuesScoreZeroAndAreNotLearned() {
    NoveltyDetector a = detector();
    NoveltyDetector b = detector();
    double[] v = noise(7, 2_000, 50, 2);
    v[1_500] = 90;
    for (int i = 0; i < v.length; i++) {
      if (i % 100 == 0) {
        assertThat(a.score(Double.NaN)).isZero();
        assertThat(a.score(Double.POSITIVE_INFINITY)).isZero();
      }
      assertThat(a.score(v[i])).as("point %d", i).isEqualTo(b.score(v[i]));
    }
  }

  @Test
  void aFlatSeriesAlertsOnItsFirstRealMove() {
    double[] v = new double[2_000];
    java.util.Arrays.fill(v, 42.0);
    v[1_500] = 43.0;
    assertThat(alerts(detector(), v, WARMUP)).containsExactly(1_500);
  }

  @Test
  void configIsValidated() {
    NoveltyDetector.Config ok = NoveltyDetector.Config.defaults();
    assertThat(ok.restPoints()).isEqualTo(150);
    assertThat(ok.forgetPoints()).isEqualTo(3_750);
    assertThatThrownBy(() -> NoveltyDetector.Config.forWarmup(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ok.withBins(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ok.withRestPoints(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ok.withForgetPoints(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ok.withRangeFraction(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ok.withSmoothing(List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ok.withSmoothing(List.of(1.0, 1.5))).hasMessageContaining("smoothing");
    assertThatThrownBy(() -> new NoveltyDetector.Config(10, 6, 1, 1.5, 10, 0.5, List.of(1.0)))
        .hasMessageContaining("alertScore");
  }
}
