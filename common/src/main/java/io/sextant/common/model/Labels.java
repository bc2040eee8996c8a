package io.sextant.common.model;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Label maps on the wire are immutable and sorted by key, so encodings are byte-stable. */
public final class Labels {
  private Labels() {}

  public static Map<String, String> copyOf(Map<String, String> labels) {
    if (labels == null || labels.isEmpty()) {
      return Map.of();
    }
    return Collections.unmodifiableMap(new TreeMap<>(labels));
  }

  public static Map<String, String> of(String... kv) {
    if (kv.length % 2 != 0) {
      throw new IllegalArgumentException("labels need key/value pairs, got " + kv.length + " strings");
    }
    TreeMap<String, String> m = new TreeMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return Collections.unmodifiableMap(m);
  }
}
