package io.sextant.alarm.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Rfc3339Test {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "2026-12-06T23:38:54.922Z, 2026-12-06T23:38:54.922Z",
      "2026-12-06T23:38:54Z, 2026-12-06T23:38:54Z",
      "2026-12-06T23:38:54.123456789Z, 2026-12-06T23:38:54.123456789Z",
      "2026-12-06T23:38:54.5+02:00, 2026-12-06T21:38:54.5Z",
      "2026-12-06T01:00:00-05:30, 2026-12-06T06:30:00Z",
      "2024-02-29T00:00:00-00:00, 2024-02-29T00:00:00Z",
      "0001-01-01T00:00:00Z, 0001-01-01T00:00:00Z"})
  void readsTheCommonForm(String text, String instant) {
    assertThat(Rfc3339.fast(text)).isEqualTo(Instant.parse(instant)).isEqualTo(OffsetDateTime.parse(text).toInstant());
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {"2026-12-06t23:38:54Z", "2026-12-06T23:38:54z", "2026-12-06T23:38Z", "2026-02-30T00:00:00Z",
      "2026-12-06T24:00:00Z", "2026-12-06T23:59:60Z", "2026-12-06T23:38:54.Z", "2026-12-06T23:38:54.1234567891Z",
      "2026-12-06T23:38:54+19:00", "2026-12-06T23:38:54+0200", "+2026-12-06T23:38:54Z", "2026-12-06T23:38:54",
      "2026-12-06 23:38:54Z", "2026-13-06T23:38:54Z", "2026-12-06T23:38:54Z ", ""})
  void leavesEverythingElseToTheGeneralParse(String text) {
    assertThat(Rfc3339.fast(text)).isNull();
  }

  /** Mutated valid times: whatever the fast path reads, the general parse reads the same. */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void agreesWithOffsetDateTimeOnGeneratedTexts(long seed) {
    Random random = new Random(seed);
    String alphabet = "0123456789-+:.TZtz ";
    int read = 0;
    for (int n = 0; n < 5_000; n++) {
      StringBuilder s = new StringBuilder(Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_799L),
          random.nextBoolean() ? 0 : random.nextInt(1_000_000_000)).toString());
      if (random.nextInt(4) == 0) {
        s.setLength(s.length() - 1);
        s.append(random.nextBoolean() ? '+' : '-').append(String.format("%02d:%02d", random.nextInt(20),
            random.nextInt(60)));
      }
      for (int m = random.nextInt(3); m > 0 && s.length() > 0; m--) {
        int at = random.nextInt(s.length());
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        switch (random.nextInt(3)) {
          case 0 -> s.setCharAt(at, c);
          case 1 -> s.insert(at, c);
          default -> s.deleteCharAt(at);
        }
      }
      String text = s.toString();
      Instant fast = Rfc3339.fast(text);
      if (fast != null) {
        read++;
        assertThat(fast).as(text).isEqualTo(general(text));
      }
    }
    assertThat(read).isGreaterThan(1_200);
  }

  private static Instant general(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
