package io.sextant.edge.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A corpus small enough to score by hand from NAB's rules.
 *
 * <p>Two series of 20 one-minute points. Probation: min(floor(0.15 x 20), 750) = 3, so points 0..2
 * are never scored. Series A has one window, points 10..14 (width 5); series B has none.
 * Detector: A[1] = 1.0 (probationary, ignored), A[12] = 0.9, A[16] = 0.7, B[5] = 0.95, all else 0.
 *
 * <p>S(y) = 2/(1+e^(5y)) - 1. S(-1) = 0.986614.
 * <ul>
 *   <li>A[12] in the window: y = -(14 - 12 + 1)/5 = -0.6, S(-0.6) = 0.905148, weighted by
 *       tp/S(-1): 0.917429.
 *   <li>A[16] after the window: y = |14 - 16| / (5 - 1) = 0.5, S(0.5) = -0.848284, x fp.
 *   <li>B[5], no window before it: -1 x fp.
 * </ul>
 * Standard (tp 1, fn 1, fp 0.11), sweeping thresholds down: 1.1 -> -1 (window missed);
 * 0.95 -> -1 - 0.11 = -1.11; 0.9 -> 0.917429 - 0.11 = 0.807429; 0.7 -> 0.807429 - 0.093311 =
 * 0.714118; 0 -> every scored point detected, 24 false positives: far lower. Best: 0.9, raw 0.807429.
 * Null detector: nothing detected = -1. Perfect: 1 window x tp = 1.
 * Normalised: 100 (0.807429 + 1) / (1 + 1) = 90.3714.
 * reward_low_FP (fp 0.22): at 0.9, 0.917429 - 0.22 = 0.697429 (0.7 adds -0.186622: worse);
 * normalised 100 (0.697429 + 1) / 2 = 84.8714.
 * reward_low_FN (fn 2): null -2, best still 0.9 with 0.807429; normalised 100 (2.807429) / 3 = 93.5810.
 * By window at 0.9: 1 window, detected; 1 false-positive event (B[5]): precision 0.5, recall 1, F1 2/3.
 */
class NabScorerTest {
  private static final LocalDateTime T0 = LocalDateTime.of(2020, 1, 1, 0, 0);

  private static LabeledSeries series(String name, List<LabeledSeries.Window> windows) {
    List<LocalDateTime> ts = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ts.add(T0.plusMinutes(i));
    }
    return new LabeledSeries(name, ts, new double[20], windows);
  }

  private final LabeledSeries a = series("a.csv", List.of(new LabeledSeries.Window(T0.plusMinutes(10), T0.plusMinutes(14))));
  private final LabeledSeries b = series("b.csv", List.of());
  private final NabScorer scorer = new NabScorer(List.of(a, b));

  private List<double[]> detector() {
    double[] sa = new double[20];
    sa[1] = 1.0;
    sa[12] = 0.9;
    sa[16] = 0.7;
    double[] sb = new double[20];
    sb[5] = 0.95;
    return List.of(sa, sb);
  }

  @Test
  void standardProfileMatchesTheHandComputation() {
    ProfileResult r = scorer.score(detector(), NabProfile.STANDARD);
    assertThat(r.threshold()).isEqualTo(0.9);
    assertThat(r.rawScore()).isCloseTo(0.807429, within(1e-6));
    assertThat(r.nullScore()).isEqualTo(-1.0);
    assertThat(r.perfectScore()).isEqualTo(1.0);
    assertThat(r.normalizedScore()).isCloseTo(90.3714, within(1e-4));
    assertThat(r.files().get(0).rawScore()).isCloseTo(0.917429, within(1e-6));
    assertThat(r.files().get(1).rawScore()).isCloseTo(-0.11, within(1e-9));
    // NAB's point counts for A at 0.9: window points 10..14 -> 1 tp, 4 fn; outside 12 scored points -> 12 tn.
    assertThat(r.files().get(0)).extracting(FileScore::tp, FileScore::fn, FileScore::fp, FileScore::tn)
        .containsExactly(1, 4, 0, 12);
  }

  @Test
  void otherProfilesMatchTheHandComputation() {
    ProfileResult lowFp = scorer.score(detector(), NabProfile.REWARD_LOW_FP);
    assertThat(lowFp.threshold()).isEqualTo(0.9);
    assertThat(lowFp.normalizedScore()).isCloseTo(84.8714, within(1e-4));
    ProfileResult lowFn = scorer.score(detector(), NabProfile.REWARD_LOW_FN);
    assertThat(lowFn.nullScore()).isEqualTo(-2.0);
    assertThat(lowFn.normalizedScore()).isCloseTo(93.5810, within(1e-4));
  }

  @Test
  void windowMetricsCountWindowsAndFalseAlarmRuns() {
    WindowMetrics m = scorer.score(detector(), NabProfile.STANDARD).windows();
    assertThat(m).isEqualTo(new WindowMetrics(1, 1, 1));
    assertThat(m.precision()).isEqualTo(0.5);
    assertThat(m.recall()).isEqualTo(1.0);
    assertThat(m.f1()).isCloseTo(2.0 / 3, within(1e-12));
  }

  @Test
  void earliestDetectionInAWindowCountsAndLaterOnesAreFree() {
    // A[10] is the window's first point: y = -5/5 = -1, worth exactly tpWeight; A[11..14] add nothing.
    double[] sa = new double[20];
    for (int i = 10; i <= 14; i++) {
      sa[i] = 1.0;
    }
    ProfileResult r = scorer.score(List.of(sa, new double[20]), NabProfile.STANDARD);
    assertThat(r.rawScore()).isCloseTo(1.0, within(1e-12));
    assertThat(r.normalizedScore()).isCloseTo(100.0, within(1e-9));
  }

  @Test
  void aDetectorThatFlagsNothingScoresZero() {
    ProfileResult r = scorer.score(List.of(new double[20], new double[20]), NabProfile.STANDARD);
    assertThat(r.normalizedScore()).isEqualTo(0.0);
    assertThat(r.threshold()).isEqualTo(1.1);
  }

  @Test
  void scaledSigmoidFollowsNab() {
    assertThat(Sweep.scaledSigmoid(-1)).isCloseTo(0.9866143, within(1e-7));
    assertThat(Sweep.scaledSigmoid(0)).isEqualTo(0.0);
    assertThat(Sweep.scaledSigmoid(3.0)).isCloseTo(2 / (1 + Math.exp(15)) - 1, within(1e-12));
    assertThat(Sweep.scaledSigmoid(3.01)).isEqualTo(-1.0);
    assertThat(Sweep.probationaryLength(20)).isEqualTo(3.0);
    assertThat(Sweep.probationaryLength(22_695)).isEqualTo(750.0);
  }
}
