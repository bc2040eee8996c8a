package io.sextant.testkit.gen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;

class FixedSeedsTest {
  static final List<Long> SEEN = new ArrayList<>();

  @ParameterizedTest(name = "seed {0}")
  @FixedSeeds(5)
  void feedsTheFirstSeedsOfTheList(long seed) {
    SEEN.add(seed);
  }

  @AfterAll
  static void theyWereTheFirstFiveInOrder() {
    if (System.getProperty(FixedSeedsProvider.PROPERTY) == null) {
      assertThat(SEEN).containsExactly(java.util.Arrays.stream(FixedSeedsProvider.seeds(5)).boxed()
          .toArray(Long[]::new));
    }
  }
}
