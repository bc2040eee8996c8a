package io.sextant.alarm.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FingerprintTest {
  @ParameterizedTest(name = "{0}")
  @ValueSource(longs = {0L, 1L, -1L, 0xfL, 0x10L, Long.MIN_VALUE, Long.MAX_VALUE, 0xcbf29ce484222325L})
  void hexIsTheFormattersSixteenLowerCaseDigits(long h) {
    assertThat(Fingerprint.hex(h)).isEqualTo(String.format("%016x", h));
  }

  @Test
  void hexMatchesTheFormatterOnGeneratedValues() {
    SplittableRandom random = new SplittableRandom(14);
    for (int i = 0; i < 2_000; i++) {
      long h = random.nextLong();
      String expected = String.format("%016x", h);
      if (!Fingerprint.hex(h).equals(expected)) {
        assertThat(Fingerprint.hex(h)).as("value %d", h).isEqualTo(expected);
      }
    }
  }

  @Test
  void sameLabelsInAnyOrderHaveOneFingerprint() {
    TreeMap<String, String> sorted = new TreeMap<>(java.util.Map.of("alertname", "NodeDown", "instance", "n1:9100"));
    java.util.Map<String, String> unsorted = new java.util.HashMap<>(sorted);
    assertThat(Fingerprint.of(unsorted)).isEqualTo(Fingerprint.of(sorted)).hasSize(16);
  }
}
