package io.sextant.alarm.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FiringSeriesTest {
  @Test
  void countsDistinctSeriesPerAlarmAndToleratesUnknownStops() {
    FiringSeries firing = new FiringSeries();
    firing.start("alm-1", 7);
    firing.start("alm-1", 7);
    firing.start("alm-1", 8);
    firing.stop("alm-1", 9);
    firing.stop("alm-2", 7);

    assertThat(firing.count("alm-1")).isEqualTo(2);
    firing.stop("alm-1", 7);
    assertThat(firing.isFiring("alm-1", 7)).isFalse();
    assertThat(firing.isFiring("alm-1", 8)).isTrue();
    firing.forget("alm-1");
    assertThat(firing.count("alm-1")).isZero();
  }
}
