package io.sextant.central.locate;

import java.util.Arrays;

/**
 * The loss arithmetic the localizer relies on.
 *
 * <p>A packet crosses a path only if it survives every link, so {@code 1 - lossPath = Π (1 -
 * lossLink)}. In the transform {@code T(x) = -ln(1 - x)} this product becomes a sum, {@code
 * T(lossPath) = Σ T(lossLink)}: link contributions can be added to and subtracted from a path.
 * For small losses {@code T(x) ≈ x}, so excesses in transform units read as loss ratios.
 */
final class LossMath {
  /** Losses are clamped below 1 so a blacked-out path has a large but finite transform. */
  static final double MAX_LOSS = 1 - 1e-9;

  /**
   * A baseline of exactly zero (a short clean history) would make any single lost probe
   * infinitely surprising; losses below this are treated as this.
   */
  static final double MIN_BASELINE = 1e-4;

  private LossMath() {}

  /** {@code T(x) = -ln(1 - x)}. */
  static double transform(double loss) {
    return -Math.log1p(-Math.min(loss, MAX_LOSS));
  }

  /** {@code T⁻¹(y) = 1 - e^(-y)}. */
  static double loss(double transformed) {
    return -Math.expm1(-transformed);
  }

  /**
   * Standard deviation, in transform units, of a loss ratio measured with {@code probes} packets
   * when the true loss is {@code q}: binomial {@code sqrt(q(1-q)/n)}, times {@code T'(q) = 1/(1-q)}
   * (delta method).
   */
  static double sigma(double q, int probes) {
    double p = Math.max(q, MIN_BASELINE);
    return Math.sqrt(p * (1 - p) / probes) / (1 - p);
  }

  /**
   * The observed loss ratio above which {@code n} Bernoulli probes are more likely under loss
   * {@code q1} than under {@code q0 < q1}. Equating the binomial log-likelihoods {@code x ln q +
   * (n-x) ln(1-q)} gives {@code x/n = ln((1-q0)/(1-q1)) / ln(q1(1-q0) / (q0(1-q1)))}, which does not
   * depend on {@code n} and lies between {@code q0} and {@code q1}.
   */
  static double likelihoodBoundary(double q0, double q1) {
    double lo = Math.max(q0, MIN_BASELINE);
    double hi = Math.min(q1, MAX_LOSS);
    if (hi <= lo) {
      return lo;
    }
    return Math.log((1 - lo) / (1 - hi)) / Math.log(hi * (1 - lo) / (lo * (1 - hi)));
  }

  /** Median of a non-empty array (sorts it). */
  static double median(double[] values) {
    Arrays.sort(values);
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }
}
