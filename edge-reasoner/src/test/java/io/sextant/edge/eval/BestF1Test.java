package io.sextant.edge.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Best F1 point-wise and point-adjusted on a case worked out by hand. */
class BestF1Test {
  // index:                 0    1    2    3    4    5    6    7    8    9   10   11
  static final boolean[] L = {false, false, true, true, true, true, false, false, true, true, false, false};
  static final double[] S = {0.0, 0.0, 0.1, 0.1, 0.9, 0.1, 0.0, 0.6, 0.1, 0.2, 0.0, 0.3};

  @Test
  void pointAdjustedCountsASegmentFoundByAnyOfItsFirstKPoints() {
    // Warm-up 2: points 0 and 1 are not scored. Segments: 2..5 (4 points, max of its first 3 = 0.9)
    // and 8..9 (2 points, 0.2). Normal points: 6 (0), 7 (0.6), 10 (0), 11 (0.3).
    BestF1.Figures f = BestF1.of(List.of(L), List.of(S), new int[] {2}, 3);
    // Threshold 0.9: segment 1 found, tp 4, fp 0, fn 2 -> p 1, r 4/6, F1 0.8.
    // 0.6: + fp 1 -> p 0.8, r 0.667, F1 0.727. 0.3: + fp 1 -> 0.667. 0.2: tp 6, fp 2 -> p 0.75, r 1, F1 0.857.
    assertThat(f.pointAdjusted().f1()).isCloseTo(6.0 / 7, within(1e-9));
    assertThat(f.pointAdjusted().threshold()).isEqualTo(0.2);
    assertThat(f.pointAdjusted().precision()).isCloseTo(0.75, within(1e-9));
    assertThat(f.pointAdjusted().recall()).isEqualTo(1.0);
    assertThat(f.segments()).isEqualTo(2);
    assertThat(f.anomalousPoints()).isEqualTo(6);
    assertThat(f.scoredPoints()).isEqualTo(10);
  }

  @Test
  void aDetectionAfterTheFirstKPointsDoesNotCount() {
    // With k = 2 the 0.9 at index 4 is the third point of its segment: segment 1 scores 0.1.
    BestF1.Figures f = BestF1.of(List.of(L), List.of(S), new int[] {2}, 2);
    // 0.2: segment 2 (2 points) tp, fp 2 (0.6, 0.3) -> p 0.5, r 2/6, F1 0.4.
    // 0.1: every segment found, tp 6, fp 2 -> p 0.75, r 1, F1 0.857.
    assertThat(f.pointAdjusted().f1()).isCloseTo(6.0 / 7, within(1e-9));
    assertThat(f.pointAdjusted().threshold()).isEqualTo(0.1);
  }

  @Test
  void pointWiseCountsEveryPointByItsOwnLabel() {
    BestF1.Figures f = BestF1.of(List.of(L), List.of(S), new int[] {2}, 7);
    // 0.9: tp 1 fp 0 -> r 1/6, F1 0.286. 0.6: tp 1 fp 1 -> 0.25. 0.3: fp 2 -> 0.222.
    // 0.2: tp 2 fp 2 -> p 0.5 r 0.333 F1 0.4. 0.1: tp 6 fp 2 -> p 0.75 r 1 F1 0.857.
    assertThat(f.pointWise().f1()).isCloseTo(6.0 / 7, within(1e-9));
    assertThat(f.pointWise().threshold()).isEqualTo(0.1);
  }

  @Test
  void aDelayBelowOneOrMismatchedSeriesAreRefused() {
    assertThatThrownBy(() -> BestF1.of(List.of(L), List.of(S), new int[] {0}, 0))
        .hasMessage("delay: must be at least 1, was 0");
    assertThatThrownBy(() -> BestF1.of(List.of(L), List.of(new double[3]), new int[] {0}, 7))
        .hasMessageContaining("12 labels for 3 scores");
  }
}
