package io.sextant.common.model;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Stable identifiers: the same inputs give the same id in every process and every version. */
public final class Ids {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private Ids() {}

  /** 64-bit FNV-1a over the UTF-8 parts, each followed by a 0xff separator (absent in UTF-8). */
  public static long hash64(String... parts) {
    long h = FNV_OFFSET;
    for (String part : parts) {
      for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
        h ^= (b & 0xff);
        h *= FNV_PRIME;
      }
      h ^= 0xff;
      h *= FNV_PRIME;
    }
    return h;
  }

  /** A 16-hex-digit id with a readable prefix, e.g. {@code alm-3f2a...}. */
  public static String of(String prefix, String... parts) {
    return prefix + "-" + hex16(hash64(parts));
  }

  /** {@code String.format("%016x", v)} without a {@link java.util.Formatter}: every raised alarm and action id needs one. */
  static String hex16(long v) {
    byte[] out = new byte[16];
    for (int i = 15; i >= 0; i--) {
      out[i] = (byte) "0123456789abcdef".charAt((int) v & 0xf);
      v >>>= 4;
    }
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  /** Series identity: site, metric name and labels in key order. */
  public static long seriesId(String site, String metric, Map<String, String> labels) {
    // hash64(site, metric, "k=v\u0001k=v\u0001...") without building the string or its bytes: it is
    // computed for every sample of every window, at the edge and the centre.
    long h = FNV_OFFSET;
    h = end(utf8(h, site));
    h = end(utf8(h, metric));
    Map<String, String> sorted = labels instanceof SortedMap<String, String> s && s.comparator() == null
        || Labels.isOwn(labels) ? labels : new TreeMap<>(labels);
    for (Map.Entry<String, String> l : sorted.entrySet()) {
      h = utf8(h, l.getKey());
      h = (h ^ '=') * FNV_PRIME;
      h = utf8(h, l.getValue());
      h = (h ^ 1) * FNV_PRIME;
    }
    return end(h);
  }

  private static long end(long h) {
    return (h ^ 0xff) * FNV_PRIME;
  }

  /** FNV-1a over {@code s}'s UTF-8 bytes, as {@code s.getBytes(UTF_8)} gives them (a lone surrogate is '?'). */
  private static long utf8(long h, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        h = (h ^ c) * FNV_PRIME;
      } else if (c < 0x800) {
        h = (h ^ (0xc0 | (c >> 6))) * FNV_PRIME;
        h = (h ^ (0x80 | (c & 0x3f))) * FNV_PRIME;
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, s.charAt(++i));
          h = (h ^ (0xf0 | (cp >> 18))) * FNV_PRIME;
          h = (h ^ (0x80 | ((cp >> 12) & 0x3f))) * FNV_PRIME;
          h = (h ^ (0x80 | ((cp >> 6) & 0x3f))) * FNV_PRIME;
          h = (h ^ (0x80 | (cp & 0x3f))) * FNV_PRIME;
        } else {
          h = (h ^ '?') * FNV_PRIME;
        }
      } else {
        h = (h ^ (0xe0 | (c >> 12))) * FNV_PRIME;
        h = (h ^ (0x80 | ((c >> 6) & 0x3f))) * FNV_PRIME;
        h = (h ^ (0x80 | (c & 0x3f))) * FNV_PRIME;
      }
    }
    return h;
  }
}
