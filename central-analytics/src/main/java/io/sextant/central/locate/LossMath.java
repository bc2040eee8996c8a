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

  /**
   * {@code P(X >= lost)} for {@code X ~ Binomial(probes, q)}: how surprising {@code lost} lost
   * probes are when the true loss is {@code q}. Exact, not the normal approximation: with the few
   * probes of a live window (20) and a loss of a few per mille, one lost probe is a 1.7 % ratio
   * yet happens in several percent of clean windows, which the normal approximation calls a
   * three-sigma event. Sums the lower terms in log space; {@code lost} is at most {@code probes}.
   */
  static double upperTail(int lost, int probes, double q) {
    if (lost <= 0) {
      return 1;
    }
    double p = Math.min(Math.max(q, MIN_BASELINE), MAX_LOSS);
    double logP = Math.log(p);
    double logQ = Math.log1p(-p);
    // P(X < lost) = Σ_{i<lost} C(n,i) p^i (1-p)^(n-i), each term from the one before.
    double logTerm = probes * logQ;
    double below = 0;
    for (int i = 0; i < lost; i++) {
      below += Math.exp(logTerm);
      logTerm += Math.log((double) (probes - i) / (i + 1)) + logP - logQ;
    }
    if (below < 0.5) {
      return 1 - below;
    }
    // Near 1 the complement loses precision: sum the upper terms instead (from where the loop stopped).
    double above = 0;
    for (int i = lost; i <= probes; i++) {
      double t = Math.exp(logTerm);
      above += t;
      if (t < above * 1e-12 && i > probes * p) {
        break;
      }
      logTerm += Math.log((double) (probes - i) / (i + 1)) + logP - logQ;
    }
    return Math.min(1, above);
  }

  /**
   * {@code P(Z > k)} for a standard normal {@code Z}: the false-alarm rate of a {@code k}-sigma
   * test, used as the binomial test's level so {@code noiseSigmas} keeps its meaning. Abramowitz
   * and Stegun 7.1.26 (absolute error below 1.5e-7).
   */
  static double normalUpperTail(double k) {
    double x = Math.abs(k) / Math.sqrt(2);
    double t = 1 / (1 + 0.3275911 * x);
    double erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
        * Math.exp(-x * x);
    return k >= 0 ? erfc / 2 : 1 - erfc / 2;
  }

  /** Median of a non-empty array (sorts it). */
  static double median(double[] values) {
    Arrays.sort(values);
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }
}
