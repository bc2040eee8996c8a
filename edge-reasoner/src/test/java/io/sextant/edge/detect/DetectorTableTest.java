package io.sextant.edge.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.edge.detect.DetectorRule.Direction;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DetectorTableTest {
  private static final DetectorRule RULE = DetectorRule.of("m", Direction.UP, 1, 0);

  @Test
  void findsEveryDetectorAddedThroughGrowthIncludingAwkwardKeys() {
    DetectorTable table = new DetectorTable();
    Map<Long, BaselineDetector> added = new HashMap<>();
    SplittableRandom random = new SplittableRandom(31);
    long[] awkward = {0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 32, 2L << 32, 3L << 32};
    for (long key : awkward) {
      added.put(key, new BaselineDetector(RULE));
    }
    while (added.size() < 10_000) {
      added.put(random.nextLong(), new BaselineDetector(RULE));
    }
    added.forEach(table::add);

    assertThat(table.size()).isEqualTo(10_000);
    added.forEach((key, detector) -> assertThat(table.get(key)).isSameAs(detector));
    assertThat(table.get(12345L)).isNull();
  }
}
