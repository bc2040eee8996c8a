package io.sextant.alarm.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
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

  @Test
  void reAddingARememberedIdDoesNotRefreshIt() {
    RecentIds ids = new RecentIds(2);
    ids.add("a");
    ids.add("b");
    ids.add("a");
    ids.add("c");

    assertThat(ids.contains("a")).isFalse();
    assertThat(ids.contains("b")).isTrue();
  }

  /** Against a linked hash map (the former implementation), with many collisions and evictions. */
  @Test
  void behavesLikeABoundedInsertionOrderedSet() {
    for (int capacity : new int[] {1, 3, 17, 256}) {
      Random random = new Random(capacity);
      RecentIds ids = new RecentIds(capacity);
      Map<String, Boolean> model = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > capacity;
        }
      };
      for (int step = 0; step < 20_000; step++) {
        String id = "det-" + random.nextInt(capacity * 3);
        assertThat(ids.contains(id)).as("step %d, id %s, capacity %d", step, id, capacity)
            .isEqualTo(model.containsKey(id));
        if (random.nextBoolean()) {
          ids.add(id);
          model.put(id, Boolean.TRUE);
        }
      }
    }
  }
}
