package io.sextant.common.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.common.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScaledClockTest {
  private static final Instant WALL0 = Instant.parse("2026-11-23T18:00:00Z");
  private static final Instant EPOCH = Instant.parse("2026-01-05T00:00:00Z");

  @Test
  void standsAtTheEpochUntilTheStartThenRunsEachSegmentAtItsSpeed() {
    MutableClock wall = new MutableClock(WALL0.minusSeconds(10));
    ScaledClock c = new ScaledClock(wall, WALL0, EPOCH, Duration.ofMinutes(30), 120, 20);
    assertThat(c.instant()).isEqualTo(EPOCH);
    wall.set(WALL0.plusSeconds(5));
    assertThat(c.instant()).isEqualTo(EPOCH.plusSeconds(600)); // 5 s at 120x
    wall.set(WALL0.plusSeconds(15));
    assertThat(c.instant()).isEqualTo(EPOCH.plus(Duration.ofMinutes(30))); // warm-up done after 15 s
    wall.set(WALL0.plusSeconds(25));
    assertThat(c.instant()).isEqualTo(EPOCH.plus(Duration.ofMinutes(30)).plusSeconds(200)); // then 10 s at 20x
  }

  @Test
  void wallAtIsTheInverseAcrossSegments() {
    MutableClock wall = new MutableClock(WALL0);
    ScaledClock c = new ScaledClock(wall, WALL0, List.of(new ScaledClock.Segment(EPOCH, 60),
        new ScaledClock.Segment(EPOCH.plusSeconds(600), 15), new ScaledClock.Segment(EPOCH.plusSeconds(780), 60)));
    for (long s : new long[] {0, 1, 599, 600, 700, 780, 781, 5000}) {
      Instant sim = EPOCH.plusSeconds(s);
      wall.set(c.wallAt(sim));
      assertThat(Duration.between(sim, c.instant()).abs()).as("at %d s", s).isLessThan(Duration.ofMillis(1));
    }
    assertThat(c.wallAt(EPOCH.plusSeconds(780))).isEqualTo(WALL0.plusSeconds(10 + 12));
  }

  @Test
  void twoClocksWithTheSameParametersAgree() {
    MutableClock wall = new MutableClock(WALL0.plusSeconds(42));
    ScaledClock a = new ScaledClock(wall, WALL0, EPOCH, Duration.ofMinutes(30), 60, 60);
    ScaledClock b = new ScaledClock(wall, WALL0, EPOCH, Duration.ofMinutes(30), 60, 60);
    assertThat(a.instant()).isEqualTo(b.instant()).isEqualTo(EPOCH.plusSeconds(42 * 60));
  }

  @Test
  void segmentsOutOfOrderAreRefused() {
    MutableClock wall = new MutableClock(WALL0);
    assertThatThrownBy(() -> new ScaledClock(wall, WALL0, List.of(new ScaledClock.Segment(EPOCH, 1),
        new ScaledClock.Segment(EPOCH, 2)))).hasMessageContaining("increasing");
    assertThatThrownBy(() -> new ScaledClock.Segment(EPOCH, 0)).hasMessageContaining("speed");
  }
}
