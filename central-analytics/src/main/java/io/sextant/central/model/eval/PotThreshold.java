package io.sextant.central.model.eval;

import java.util.Arrays;

/**
 * Peaks over threshold (extreme-value theory, as SPOT, Siffer et al., KDD 2017): the scores above a
 * high initial quantile of normal scores follow a generalised Pareto distribution; fit it by the
 * method of moments and return the score exceeded with probability {@code risk}. Uses only the
 * scores it is given (the train part's), never labels.
 */
public final class PotThreshold {
  private PotThreshold() {}

  /**
   * @param scores scores of data believed normal (the train part)
   * @param risk target probability of a normal point exceeding the threshold, e.g. 1e-3
   * @param initialQuantile the peaks are the scores above this quantile, e.g. 0.98
   */
  public static double of(double[] scores, double risk, double initialQuantile) {
    if (scores.length < 10) {
      throw new IllegalArgumentException("POT needs at least 10 scores, got " + scores.length);
    }
    if (!(risk > 0 && risk < 1) || !(initialQuantile > 0 && initialQuantile < 1)) {
      throw new IllegalArgumentException("risk and initialQuantile must be in (0, 1)");
    }
    double[] sorted = scores.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    double t = sorted[Math.min(n - 1, (int) Math.floor(initialQuantile * n))];
    double sum = 0;
    double sumSq = 0;
    int peaks = 0;
    for (double s : sorted) {
      if (s > t) {
        double y = s - t;
        sum += y;
        sumSq += y * y;
        peaks++;
      }
    }
    if (peaks < 3) {
      return sorted[n - 1];
    }
    double mean = sum / peaks;
    double var = Math.max(sumSq / peaks - mean * mean, 1e-12);
    // Method of moments for the GPD: gamma = (1 - mean^2/var) / 2, sigma = mean (1 + mean^2/var) / 2.
    double gamma = 0.5 * (1 - mean * mean / var);
    double sigma = 0.5 * mean * (1 + mean * mean / var);
    double r = risk * n / peaks;
    if (r >= 1) {
      return t;
    }
    double z = Math.abs(gamma) < 1e-9 ? t - sigma * Math.log(r) : t + sigma / gamma * (Math.pow(r, -gamma) - 1);
    return Double.isFinite(z) ? z : sorted[n - 1];
  }
}
