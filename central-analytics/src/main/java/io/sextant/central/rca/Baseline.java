package io.sextant.central.rca;

import java.util.Arrays;

/**
 * A metric's normal behaviour: its median and a robust spread (the larger of 1.4826 × MAD and
 * IQR / 1.349, both estimates of a normal distribution's sigma that a few outliers do not move).
 * A series that was flat in the normal period falls back to its standard deviation, then to a
 * small share of its level, so any real change in it still scores high but never divides by 0.
 * The spread is never below 1 % of the level: a metric that sat flat in the normal period (a
 * container's memory) otherwise turns a harmless creep of a few per cent into a huge score.
 */
public record Baseline(double median, double scale) {
  /** Smallest spread, relative to the level, and absolute (a series that sat at exactly 0). */
  static final double RELATIVE_FLOOR = 1e-2;
  static final double ABSOLUTE_FLOOR = 1e-6;

  public static Baseline of(double[] values) {
    double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
    if (v.length == 0) {
      return null;
    }
    double median = quantile(v, 0.5);
    double[] dev = Arrays.stream(v).map(x -> Math.abs(x - median)).sorted().toArray();
    double scale = Math.max(1.4826 * quantile(dev, 0.5), (quantile(v, 0.75) - quantile(v, 0.25)) / 1.349);
    if (scale <= 0) {
      double mean = Arrays.stream(v).average().orElse(0);
      scale = Math.sqrt(Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / v.length);
    }
    scale = Math.max(scale, Math.max(RELATIVE_FLOOR * Math.abs(median), ABSOLUTE_FLOOR));
    return new Baseline(median, scale);
  }

  public double z(double x) {
    return (x - median) / scale;
  }

  /** Linear interpolation between order statistics of a sorted, non-empty array. */
  static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
