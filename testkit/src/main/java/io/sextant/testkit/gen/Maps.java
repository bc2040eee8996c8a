package io.sextant.testkit.gen;

import java.util.LinkedHashMap;
import java.util.Map;

/** Maps with distinct keys, in the order the keys were drawn, so the order is random too. */
public final class Maps {
  private Maps() {}

  /**
   * Maps of {@code min..max} entries (the empty map and the largest favoured). Fails when
   * {@code keys} cannot give {@code min} distinct keys, instead of silently giving fewer.
   */
  public static <K, V> Gen<Map<K, V>> of(Gen<? extends K> keys, Gen<? extends V> values, int min, int max) {
    Gen<Integer> sizes = Gen.sizes(min, max);
    return r -> {
      int n = sizes.next(r);
      Map<K, V> out = new LinkedHashMap<>();
      for (int draws = 0; out.size() < n; draws++) {
        if (draws == Gen.MAX_REJECTS + n) {
          if (out.size() >= min) {
            break; // a narrow key space: keep what we have
          }
          throw new IllegalStateException("could not draw " + min + " distinct keys");
        }
        out.putIfAbsent(keys.next(r), values.next(r));
      }
      return out;
    };
  }
}
