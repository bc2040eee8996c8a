package io.sextant.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class IdsTest {
  /** The definition: FNV-1a of site, metric and "k=v\u0001..." in key order, as hash64 reads them. */
  static long reference(String site, String metric, Map<String, String> labels) {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(labels).forEach((k, v) -> sb.append(k).append('=').append(v).append('\u0001'));
    return Ids.hash64(site, metric, sb.toString());
  }

  @Test
  void seriesIdIsTheHashOfItsDefinitionForAnyTextAndAnyMap() {
    SplittableRandom r = new SplittableRandom(7);
    char[] alphabet = {'a', 'Z', '_', ':', '0', '=', '\u0001', '\u00e9', '\u07ff', '\u0800', '\u4e2d', '\uffff',
        '\ud83d', '\ude00', '\udbff', '\udfff'};
    for (int n = 0; n < 5_000; n++) {
      Map<String, String> labels = new HashMap<>();
      int k = r.nextInt(5);
      for (int i = 0; i < k; i++) {
        labels.put(text(r, alphabet), text(r, alphabet));
      }
      String site = text(r, alphabet);
      String metric = text(r, alphabet);
      long want = reference(site, metric, labels);
      assertThat(Ids.seriesId(site, metric, labels)).isEqualTo(want);
      assertThat(Ids.seriesId(site, metric, Labels.copyOf(labels))).isEqualTo(want);
      assertThat(Ids.seriesId(site, metric, new TreeMap<>(labels))).isEqualTo(want);
      assertThat(Ids.seriesId(site, metric, new LinkedHashMap<>(labels))).isEqualTo(want);
    }
  }

  @Test
  void seriesIdsAreStable() {
    assertThat(Ids.seriesId("edge-1", "cpu", Labels.of("resource", "vm-1", "cpu", "0")))
        .isEqualTo(reference("edge-1", "cpu", Map.of("resource", "vm-1", "cpu", "0")));
    assertThat(Ids.seriesId("edge-1", "cpu", Map.of())).isEqualTo(Ids.hash64("edge-1", "cpu", ""));
  }

  @Test
  void idsAreTheHashInSixteenHexDigitsAsFormatWritesThem() {
    SplittableRandom r = new SplittableRandom(11);
    for (long v : new long[] {0, 1, 0xf, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0x0123456789abcdefL}) {
      assertThat(Ids.hex16(v)).isEqualTo(String.format("%016x", v));
    }
    for (int n = 0; n < 10_000; n++) {
      long v = r.nextLong() >>> r.nextInt(64);
      assertThat(Ids.hex16(v)).isEqualTo(String.format("%016x", v));
    }
    assertThat(Ids.of("alm", "node-1", "DiskFull", "1700000000000"))
        .isEqualTo("alm-" + String.format("%016x", Ids.hash64("node-1", "DiskFull", "1700000000000")));
  }

  private static String text(SplittableRandom r, char[] alphabet) {
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(6);
    for (int i = 0; i < n; i++) {
      sb.append(alphabet[r.nextInt(alphabet.length)]);
    }
    return sb.toString();
  }
}
