package io.sextant.sim;

import java.util.SplittableRandom;

/**
 * The random draws of one resource in one window. Uses {@link StrictMath} (not the JDK's
 * platform-tuned {@code Math} or {@code nextGaussian}) so samples are bit-identical across JVMs
 * and machines.
 */
final class Noise {
  private final SplittableRandom rng;

  Noise(long seed, String resource, long tick) {
    this.rng = Seeds.rng(seed, resource, tick);
  }

  double uniform() {
    return rng.nextDouble();
  }

  /** Standard normal by Box-Muller; {@code 1 - u} keeps the logarithm's argument in (0, 1]. */
  double gaussian() {
    double u1 = 1.0 - rng.nextDouble();
    double u2 = rng.nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
  }

  /** Exact Binomial(n, p): always n draws, so later draws do not shift when p changes. */
  int binomial(int n, double p) {
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (rng.nextDouble() < p) {
        k++;
      }
    }
    return k;
  }
}
