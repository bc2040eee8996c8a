package io.sextant.central.model.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PotThresholdTest {
  @Test
  void recoversAnExponentialTailsQuantile() {
    // Exp(1): P(X > z) = e^-z, so risk 1e-4 is z = 9.21; 20k samples only reach ~10 at the top.
    Random r = new Random(5);
    double[] s = new double[20_000];
    for (int i = 0; i < s.length; i++) {
      s[i] = -Math.log(1 - r.nextDouble());
    }
    assertThat(PotThreshold.of(s, 1e-4, 0.98)).isCloseTo(-Math.log(1e-4), within(1.0));
    assertThat(PotThreshold.of(s, 1e-3, 0.98)).isCloseTo(-Math.log(1e-3), within(0.5));
  }

  @Test
  void extrapolatesBeyondTheLargestScoreForRareRisks() {
    Random r = new Random(6);
    double[] s = new double[2000];
    for (int i = 0; i < s.length; i++) {
      s[i] = Math.abs(r.nextGaussian());
    }
    double max = java.util.Arrays.stream(s).max().orElseThrow();
    assertThat(PotThreshold.of(s, 1e-5, 0.98)).isGreaterThan(max);
  }

  @Test
  void refusesTooFewScoresAndBadParameters() {
    assertThatThrownBy(() -> PotThreshold.of(new double[5], 1e-3, 0.98)).hasMessageContaining("at least 10");
    assertThatThrownBy(() -> PotThreshold.of(new double[50], 0, 0.98)).hasMessageContaining("(0, 1)");
  }
}
