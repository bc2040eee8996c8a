package io.sextant.central.rca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BaselineTest {
  @Test
  void outliersInTheNormalPeriodDoNotWidenTheSpread() {
    double[] v = new double[101];
    for (int i = 0; i < v.length; i++) {
      v[i] = 100 + (i % 5) - 2; // 98..102
    }
    v[3] = 10_000;
    v[4] = Double.NaN;
    Baseline b = Baseline.of(v);
    assertThat(b.median()).isEqualTo(100, within(1e-9));
    assertThat(b.scale()).isBetween(1.0, 3.0);
  }

  @Test
  void aFlatSeriesGetsASpreadOfOnePercentOfItsLevelOrATinyOneAtZero() {
    assertThat(Baseline.of(new double[] {500, 500, 500}).scale()).isEqualTo(5, within(1e-9));
    assertThat(Baseline.of(new double[] {0, 0, 0}).scale()).isEqualTo(Baseline.ABSOLUTE_FLOOR);
    assertThat(Baseline.of(new double[] {Double.NaN})).isNull();
  }
}
