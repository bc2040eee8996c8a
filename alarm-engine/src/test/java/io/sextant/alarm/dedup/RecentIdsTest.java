package io.sextant.alarm.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentIdsTest {
  @Test
  void remembersTheNewestIdsUpToItsCapacity() {
    RecentIds ids = new RecentIds(2);
    ids.add("a");
    ids.add("b");
    ids.add("c");

    assertThat(ids.contains("a")).isFalse();
    assertThat(ids.contains("b")).isTrue();
    assertThat(ids.contains("c")).isTrue();
  }
}
