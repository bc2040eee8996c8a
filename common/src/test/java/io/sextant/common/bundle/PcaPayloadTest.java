package io.sextant.common.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The PCA distance payload on a case small enough to compute by hand, and its round trip. */
class PcaPayloadTest {
  // One axis, x, with variance 4 against a left-off variance of 1: the row is (1, 0) * sqrt(1/4).
  final ModelPayload p = new ModelPayload(ModelPayload.Kind.PCA_DISTANCE, new double[] {10, 20},
      new double[] {2, 1}, 2.0, new double[][] {{0.5, 0}}, null);

  @Test
  void positionAlongAnAxisCountsByItsVarianceAndTheUnexplainedPartFully() {
    // raw (14, 21) -> z (2, 1): along x 2 -> 2^2 * 1/4 = 1; unexplained 1 -> 1; distance sqrt(2)
    assertThat(p.pcaDistance(new double[] {2, 1})).isCloseTo(Math.sqrt(2), within(1e-12));
    assertThat(p.distanceScore(new double[] {14, 21})).isCloseTo(Math.sqrt(2) / 2, within(1e-12));
    // Four units along the axis weigh as much as two across it.
    assertThat(p.pcaDistance(new double[] {4, 0})).isCloseTo(p.pcaDistance(new double[] {0, 2}), within(1e-12));
  }

  @Test
  void roundTripsAndIsRefusedWithoutAxesOrThreshold() {
    assertThat(ModelPayload.decode(p.encode())).isEqualTo(p);
    assertThatThrownBy(() -> new ModelPayload(ModelPayload.Kind.PCA_DISTANCE, new double[] {1}, new double[] {1}, 1,
        null, null)).hasMessageContaining("PCA_DISTANCE needs centroids (or axes)");
  }
}
