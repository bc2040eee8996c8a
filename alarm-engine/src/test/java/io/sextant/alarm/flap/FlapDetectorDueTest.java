package io.sextant.alarm.flap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link FlapDetector#due}: updating only the due keys each tick gives the same flapping keys as
 * updating every tracked key, over generated raise/clear sequences (one seed a case).
 */
class FlapDetectorDueTest {
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void updatingTheDueKeysMatchesUpdatingEveryTrackedKey(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Duration window = Duration.ofSeconds(60 + random.nextInt(600));
    FlapDetector all = new FlapDetector(4, 1, window);
    FlapDetector indexed = new FlapDetector(4, 1, window);
    Instant now = Instant.parse("2026-12-06T00:00:00Z");
    int keys = 1 + random.nextInt(30);
    for (int tick = 0; tick < 1_000; tick++) {
      now = now.plusMillis(200 + random.nextInt(3_000));
      int events = random.nextInt(4);
      for (int e = 0; e < events; e++) {
        String key = "k" + random.nextInt(keys);
        // Mostly now, sometimes a late one (a transition time in the past).
        Instant at = random.nextInt(10) == 0 ? now.minusSeconds(random.nextInt(900)) : now;
        all.record(key, at);
        indexed.record(key, at);
      }
      Set<String> flappingAll = new HashSet<>();
      for (String k : all.tracked()) {
        if (all.update(k, now)) {
          flappingAll.add(k);
        }
      }
      for (String k : indexed.due(now)) {
        indexed.update(k, now);
      }
      Set<String> flappingIndexed = new HashSet<>();
      for (int k = 0; k < keys; k++) {
        if (indexed.isFlapping("k" + k)) {
          flappingIndexed.add("k" + k);
        }
      }
      if (!flappingIndexed.equals(flappingAll)) {
        assertThat(flappingIndexed).as("seed %d tick %d", seed, tick).isEqualTo(flappingAll);
      }
    }
  }
}
