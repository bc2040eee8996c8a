package io.sextant.common.model;

import java.nio.charset.StandardCharsets;
import java.util.Map;
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
    return prefix + "-" + String.format("%016x", hash64(parts));
  }

  /** Series identity: site, metric name and labels in key order. */
  public static long seriesId(String site, String metric, Map<String, String> labels) {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(labels).forEach((k, v) -> sb.append(k).append('=').append(v).append('\u0001'));
    return hash64(site, metric, sb.toString());
  }
}
