package io.sextant.edge.eval;

/**
 * Precision, recall and F1 counted by window at one threshold: a window (with at least one scored
 * point) is detected when any of its scored points is at or above the threshold; a false positive
 * is a run of consecutive scored points at or above the threshold outside every window (so one
 * long false alarm counts once, as an operator would see it).
 */
public record WindowMetrics(int windows, int detectedWindows, int falsePositiveEvents) {
  public WindowMetrics {
    if (windows < 0 || detectedWindows < 0 || detectedWindows > windows || falsePositiveEvents < 0) {
      throw new IllegalArgumentException("window counts: " + windows + ", " + detectedWindows + ", " + falsePositiveEvents);
    }
  }

  public WindowMetrics plus(WindowMetrics o) {
    return new WindowMetrics(windows + o.windows, detectedWindows + o.detectedWindows,
        falsePositiveEvents + o.falsePositiveEvents);
  }

  /** 0 when nothing was detected (no positive at all). */
  public double precision() {
    int positives = detectedWindows + falsePositiveEvents;
    return positives == 0 ? 0 : (double) detectedWindows / positives;
  }

  /** 0 for a corpus without windows. */
  public double recall() {
    return windows == 0 ? 0 : (double) detectedWindows / windows;
  }

  public double f1() {
    double p = precision();
    double r = recall();
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }
}
