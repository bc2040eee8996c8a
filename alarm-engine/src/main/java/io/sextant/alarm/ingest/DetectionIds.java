package io.sextant.alarm.ingest;

import io.sextant.common.model.Detection;
import io.sextant.common.model.Ids;
import java.nio.charset.StandardCharsets;
import java.util.SortedMap;

/**
 * The id {@link Detection} would compute for itself, computed without its copies: the same
 * 64-bit FNV-1a as {@link Ids#hash64} over the same parts (site, metric and the sorted labels for
 * the series; then the series hex, state and millis for the detection), fed one string at a time
 * instead of building the joined strings and a sorted copy of the labels. On the intake's hot
 * path this was a third of the time per alert. {@code DetectionIdsTest} holds it equal to
 * {@code Detection}'s own id.
 */
final class DetectionIds {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private DetectionIds() {}

  /** Same as {@link Ids#seriesId}; {@code labels} must be sorted by key. */
  static long seriesId(String site, String metric, SortedMap<String, String> labels) {
    long h = part(FNV_OFFSET, site);
    h = part(h, metric);
    for (var e : labels.entrySet()) {
      h = bytes(h, e.getKey());
      h = ascii(h, '=');
      h = bytes(h, e.getValue());
      h = ascii(h, '\u0001');
    }
    return end(h);
  }

  /** Same as the id {@link Detection}'s constructor makes when given none. */
  static String detectionId(String site, String metric, long seriesId, Detection.State state, long epochMillis) {
    long h = part(FNV_OFFSET, site);
    h = part(h, metric);
    h = part(h, Long.toHexString(seriesId));
    h = part(h, state.name());
    h = part(h, Long.toString(epochMillis));
    char[] id = new char[4 + 16];
    "det-".getChars(0, 4, id, 0);
    for (int i = 0; i < 16; i++) {
      id[4 + i] = HEX[(int) (h >>> (60 - 4 * i)) & 0xf];
    }
    return new String(id);
  }

  private static long part(long h, String s) {
    return end(bytes(h, s));
  }

  private static long end(long h) {
    return (h ^ 0xff) * FNV_PRIME;
  }

  private static long ascii(long h, char c) {
    return (h ^ c) * FNV_PRIME;
  }

  /** UTF-8 bytes of {@code s}; ASCII without encoding, anything else exactly as getBytes does. */
  private static long bytes(long h, String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      if (s.charAt(i) >= 0x80) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
          h = (h ^ (b & 0xff)) * FNV_PRIME;
        }
        return h;
      }
    }
    for (int i = 0; i < n; i++) {
      h = (h ^ s.charAt(i)) * FNV_PRIME;
    }
    return h;
  }
}
