package io.sextant.central.model.eval;

/** Point counts at one threshold, and the figures made of them (0 where a ratio has no denominator). */
public record PointCounts(long tp, long fp, long fn) {
  public static final PointCounts ZERO = new PointCounts(0, 0, 0);

  public PointCounts {
    if (tp < 0 || fp < 0 || fn < 0) {
      throw new IllegalArgumentException("counts must be >= 0: tp " + tp + ", fp " + fp + ", fn " + fn);
    }
  }

  public PointCounts plus(PointCounts o) {
    return new PointCounts(tp + o.tp, fp + o.fp, fn + o.fn);
  }

  public double precision() {
    return tp + fp == 0 ? 0 : (double) tp / (tp + fp);
  }

  public double recall() {
    return tp + fn == 0 ? 0 : (double) tp / (tp + fn);
  }

  public double f1() {
    return 2 * tp + fp + fn == 0 ? 0 : 2.0 * tp / (2 * tp + fp + fn);
  }
}
