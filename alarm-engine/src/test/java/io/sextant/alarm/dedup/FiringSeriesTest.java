package io.sextant.alarm.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.alarm.dedup.FiringSeries.Input;
import io.sextant.alarm.dedup.FiringSeries.Level;
import io.sextant.common.model.Severity;
import org.junit.jupiter.api.Test;

class FiringSeriesTest {
  static final Level MAJOR = new Level(Severity.MAJOR, false);

  static Input in(long series) {
    return new Input(series, "ewma-baseline");
  }

  @Test
  void countsDistinctSeriesPerAlarmAndToleratesUnknownStops() {
    FiringSeries firing = new FiringSeries();
    firing.start("alm-1", in(7), MAJOR);
    firing.start("alm-1", in(7), MAJOR);
    firing.start("alm-1", in(8), MAJOR);
    firing.stop("alm-1", in(9));
    firing.stop("alm-2", in(7));

    assertThat(firing.count("alm-1")).isEqualTo(2);
    firing.stop("alm-1", in(7));
    assertThat(firing.isFiring("alm-1", in(7))).isFalse();
    assertThat(firing.isFiring("alm-1", in(8))).isTrue();
    firing.forget("alm-1");
    assertThat(firing.count("alm-1")).isZero();
  }

  @Test
  void oneSeriesSeenByTwoDetectorsIsTwoInputsAndTheWorstLevelCounts() {
    FiringSeries firing = new FiringSeries();
    Input threshold = new Input(7, "threshold:loss");
    firing.start("alm-1", in(7), MAJOR);
    firing.start("alm-1", threshold, new Level(Severity.CRITICAL, true));

    assertThat(firing.count("alm-1")).isEqualTo(2);
    assertThat(firing.ownLevel("alm-1", threshold)).isTrue();
    assertThat(firing.worst("alm-1", threshold, Severity.WARNING)).isEqualTo(Severity.MAJOR);
    assertThat(firing.worst("alm-1", in(7), null)).isEqualTo(Severity.CRITICAL);
  }
}
