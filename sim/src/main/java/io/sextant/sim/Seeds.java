package io.sextant.sim;

import io.sextant.common.model.Ids;
import java.util.SplittableRandom;

/**
 * Derives independent seeds from the cloud seed and a stream name, so a value never depends on
 * how many numbers another stream drew before it (call-order independence).
 */
final class Seeds {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private Seeds() {}

  static long mix(long seed, long... parts) {
    long h = fmix(seed + GOLDEN);
    for (long p : parts) {
      h = fmix(h ^ fmix(p + GOLDEN));
    }
    return h;
  }

  static long mix(long seed, String stream, long index) {
    return mix(seed, Ids.hash64(stream), index);
  }

  static SplittableRandom rng(long seed, String stream, long index) {
    return new SplittableRandom(mix(seed, stream, index));
  }

  /** SplitMix64's finalizer: a bijection with good avalanche, so nearby inputs look unrelated. */
  private static long fmix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
