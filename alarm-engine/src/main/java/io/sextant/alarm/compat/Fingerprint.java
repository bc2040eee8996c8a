package io.sextant.alarm.compat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Alertmanager's alert fingerprint: 64-bit FNV-1a over the label names and values in name order,
 * each followed by the byte {@code 0xff}, as 16 lower-case hex digits. Computed the same way, an
 * alert has the same fingerprint in Sextant as in Alertmanager, so tools can join the two
 * (AlertmanagerCompatIT checks it against the real one).
 */
public final class Fingerprint {
  private static final long OFFSET = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;
  private static final byte SEPARATOR = (byte) 0xff;
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

  private Fingerprint() {}

  public static String of(Map<String, String> labels) {
    SortedMap<String, String> sorted = labels instanceof SortedMap<String, String> s && s.comparator() == null
        ? s : new TreeMap<>(labels);
    long h = OFFSET;
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      h = add(add(h, e.getKey()), e.getValue());
    }
    return hex(h);
  }

  /** As {@code String.format("%016x", h)}, without a Formatter per alert. */
  static String hex(long h) {
    byte[] out = new byte[16];
    for (int i = 15; i >= 0; i--) {
      out[i] = HEX[(int) (h & 0xf)];
      h >>>= 4;
    }
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  // On the intake's hot path: ASCII (nearly every label) is hashed without encoding a copy.
  private static long add(long h, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        for (byte b : text.substring(i).getBytes(StandardCharsets.UTF_8)) {
          h = (h ^ (b & 0xff)) * PRIME;
        }
        break;
      }
      h = (h ^ c) * PRIME;
    }
    return (h ^ (SEPARATOR & 0xff)) * PRIME;
  }
}
