package io.sextant.central.model.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The figures on cases small enough to count by hand. */
class PointMetricsTest {
  //                                   0    1    2    3    4    5    6    7    8    9
  static final double[] SCORES = {0.1, 0.9, 0.2, 0.3, 0.8, 0.1, 0.4, 0.7, 0.2, 0.1};
  static final boolean[] LABELS = {false, false, true, true, true, false, false, true, true, false};

  @Test
  void countsAtAThreshold() {
    // flagged at >= 0.5: points 1, 4, 7 -> tp 4 and 7, fp 1; fn 2, 3, 8
    PointCounts c = PointMetrics.at(SCORES, LABELS, 0.5);
    assertThat(c).isEqualTo(new PointCounts(2, 1, 3));
    assertThat(c.precision()).isCloseTo(2 / 3.0, within(1e-12));
    assertThat(c.recall()).isCloseTo(2 / 5.0, within(1e-12));
    assertThat(c.f1()).isCloseTo(2 * 2 / (2.0 * 2 + 1 + 3), within(1e-12));
  }

  @Test
  void bestPointWiseF1TriesEveryThreshold() {
    // >= 0.2 flags 1,2,3,4,6,7,8: tp 5, fp 2, fn 0 -> F1 10/12; no other threshold does better
    // (>= 0.7: tp 2, fp 1 -> 0.5; >= 0.3: tp 3, fp 2 -> 0.6; everything: tp 5 fp 5 -> 0.667)
    PointMetrics.Best best = PointMetrics.best(SCORES, LABELS);
    assertThat(best.threshold()).isEqualTo(0.2);
    assertThat(best.counts()).isEqualTo(new PointCounts(5, 2, 0));
    assertThat(best.counts().f1()).isCloseTo(10 / 12.0, within(1e-12));
  }

  @Test
  void pointAdjustmentCountsASegmentWhenAnyPointIsFlagged() {
    // segments: [2,3,4] max 0.8, [7,8] max 0.7. At >= 0.7: both segments found (tp 5), fp point 1 -> F1 10/11
    PointMetrics.Best best = PointMetrics.bestPointAdjusted(SCORES, LABELS);
    assertThat(best.threshold()).isEqualTo(0.7);
    assertThat(best.counts()).isEqualTo(new PointCounts(5, 1, 0));
    assertThat(best.counts().f1()).isCloseTo(10 / 11.0, within(1e-12));
  }

  @Test
  void aSegmentMissedEntirelyIsAllFalseNegatives() {
    double[] s = {0.9, 0.1, 0.1, 0.1, 0.1};
    boolean[] l = {true, false, true, true, false};
    // >= 0.9: segment [0] found, [2,3] missed: tp 1, fn 2 -> F1 0.5; everything flagged: tp 3 fp 2 -> 0.75
    PointMetrics.Best best = PointMetrics.bestPointAdjusted(s, l);
    assertThat(best.counts()).isEqualTo(new PointCounts(3, 2, 0));
    assertThat(PointMetrics.at(s, l, 0.5)).isEqualTo(new PointCounts(1, 0, 2));
  }

  @Test
  void noPositivesAndNothingFlaggedGiveZeroNotNaN() {
    PointCounts none = PointMetrics.at(new double[] {0.1, 0.2}, new boolean[] {false, false}, 1);
    assertThat(none.f1()).isZero();
    assertThat(none.precision()).isZero();
    assertThat(none.recall()).isZero();
  }

  @Test
  void mismatchedLengthsAndNaNScoresAreRefused() {
    assertThatThrownBy(() -> PointMetrics.at(new double[] {1}, new boolean[] {true, false}, 0.5))
        .hasMessageContaining("1 scores but 2 labels");
    assertThatThrownBy(() -> PointMetrics.best(new double[] {Double.NaN}, new boolean[] {true}))
        .hasMessageContaining("NaN");
  }
}
