package io.sextant.alarm.silence;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.match.Matcher;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SilenceTest {
  static final Instant T = Instant.parse("2025-03-01T12:00:00Z");
  static final Silence S = new Silence("s1", List.of(Matcher.parse("alertname=A")), T, T.plusSeconds(3600), "ana", "");

  @Test
  void expiringEndsAnActivePendingOrJustStartedSilenceAndLeavesAnEndedOneAlone() {
    assertThat(S.expiredAt(T.plusSeconds(60)).endsAt()).isEqualTo(T.plusSeconds(60));
    assertThat(S.expiredAt(T.plusSeconds(60)).startsAt()).isEqualTo(T);
    for (Instant early : List.of(T, T.minusSeconds(60))) {
      Silence e = S.expiredAt(early);
      assertThat(e.activeAt(early)).as("expired at %s", early).isFalse();
      assertThat(e.endsAt()).isEqualTo(early);
      assertThat(early.isBefore(e.startsAt())).as("not pending any more").isFalse();
    }
    assertThat(S.expiredAt(T.plusSeconds(7200))).isSameAs(S);
  }
}
