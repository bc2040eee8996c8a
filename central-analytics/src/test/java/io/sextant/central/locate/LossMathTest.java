package io.sextant.central.locate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LossMathTest {
  @Test
  void transformedLossAddsAlongAPath() {
    double a = 0.05;
    double b = 0.2;
    double path = 1 - (1 - a) * (1 - b);

    assertThat(LossMath.transform(path)).isCloseTo(LossMath.transform(a) + LossMath.transform(b), within(1e-12));
    assertThat(LossMath.loss(LossMath.transform(path))).isCloseTo(path, within(1e-12));
  }

  @Test
  void aBlackedOutPathHasAFiniteTransform() {
    assertThat(LossMath.transform(1.0)).isFinite().isGreaterThan(20);
  }

  @Test
  void theLikelihoodBoundaryLiesBetweenTheTwoLosses() {
    double boundary = LossMath.likelihoodBoundary(0.002, 0.052);

    assertThat(boundary).isStrictlyBetween(0.002, 0.052);
    assertThat(boundary).isCloseTo(0.0155, within(0.0005));
  }

  @Test
  void aZeroBaselineDoesNotMakeEveryObservationConsistent() {
    assertThat(LossMath.likelihoodBoundary(0, 0.05)).isGreaterThan(0.005);
  }

  @Test
  void medianOfEvenAndOddCounts() {
    assertThat(LossMath.median(new double[] {3, 1, 2})).isEqualTo(2);
    assertThat(LossMath.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
  }
}
