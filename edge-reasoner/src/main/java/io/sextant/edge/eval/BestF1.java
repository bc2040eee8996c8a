package io.sextant.edge.eval;

import java.util.Arrays;
import java.util.List;

/**
 * The figures the AIOps literature reports beside NAB's: the best F1 over every threshold of the
 * anomaly score, point-wise and point-adjusted, over a whole corpus (one threshold for all series,
 * as NAB's).
 *
 * <ul>
 *   <li><b>Point-wise</b>: each scored point is a true or false positive or negative by its own label.
 *   <li><b>Point-adjusted</b> with delay {@code k} (the KPI-anomaly papers' "delay"): a labelled
 *       segment (a run of consecutive anomalous points) counts as found, all its points true
 *       positives, when any of its first {@code k} scored points reaches the threshold; otherwise
 *       all its points are false negatives. Points outside segments count as point-wise.
 *   <li><b>Best</b>: the threshold, among the scores that occur, with the highest F1 (ties to the
 *       higher threshold). The best F1 is an upper bound an operator would not know in advance; it
 *       is what papers publish.
 * </ul>
 *
 * <p>Points of a series' warm-up are not scored (the detector scores them 0 by construction),
 * nor their labels: a segment is cut to its scored part.
 */
public final class BestF1 {
  /** The delay of the KPI-anomaly literature's point-adjusted F1 (Donut, the AIOps challenge). */
  public static final int DEFAULT_DELAY = 7;

  /** F1 at its best threshold, with that threshold's precision and recall. */
  public record Result(double f1, double precision, double recall, double threshold) {}

  /** Both figures for one corpus. */
  public record Figures(Result pointWise, Result pointAdjusted, int delay, long scoredPoints, long anomalousPoints,
      int segments) {}

  private BestF1() {}

  /**
   * @param labels per series, per point: anomalous or not
   * @param scores per series, per point, in [0, 1]
   * @param warmups per series, the points not scored at its start
   * @param delay k, at least 1
   */
  public static Figures of(List<boolean[]> labels, List<double[]> scores, int[] warmups, int delay) {
    if (delay < 1) {
      throw new IllegalArgumentException("delay: must be at least 1, was " + delay);
    }
    if (labels.size() != scores.size() || labels.size() != warmups.length) {
      throw new IllegalArgumentException("labels, scores and warm-ups: one of each per series");
    }
    long points = 0;
    for (int s = 0; s < labels.size(); s++) {
      if (labels.get(s).length != scores.get(s).length) {
        throw new IllegalArgumentException("series " + s + ": " + labels.get(s).length + " labels for "
            + scores.get(s).length + " scores");
      }
      points += Math.max(0, labels.get(s).length - warmups[s]);
    }
    // Point-wise entries: one per scored point. Point-adjusted entries: one per normal point and
    // one per segment (its detection score, weighted by its length).
    double[] pwScore = new double[(int) points];
    int[] pwPositive = new int[(int) points];
    double[] paScore = new double[(int) points];
    int[] paWeight = new int[(int) points];
    int[] paPositive = new int[(int) points];
    int pw = 0;
    int pa = 0;
    long anomalous = 0;
    int segments = 0;
    for (int s = 0; s < labels.size(); s++) {
      boolean[] l = labels.get(s);
      double[] x = scores.get(s);
      int i = Math.max(0, warmups[s]);
      while (i < l.length) {
        if (!l[i]) {
          pwScore[pw] = x[i];
          pwPositive[pw++] = 0;
          paScore[pa] = x[i];
          paWeight[pa] = 1;
          paPositive[pa++] = 0;
          i++;
          continue;
        }
        int start = i;
        double found = 0;
        while (i < l.length && l[i]) {
          pwScore[pw] = x[i];
          pwPositive[pw++] = 1;
          if (i - start < delay) {
            found = Math.max(found, x[i]);
          }
          i++;
        }
        paScore[pa] = found;
        paWeight[pa] = i - start;
        paPositive[pa++] = 1;
        anomalous += i - start;
        segments++;
      }
    }
    return new Figures(best(pwScore, pwPositive, null, pw), best(paScore, paPositive, paWeight, pa), delay, points,
        anomalous, segments);
  }

  /** Sweeps the thresholds from the highest score down; weight null = 1 each. */
  static Result best(double[] score, int[] positive, int[] weight, int n) {
    Integer[] order = new Integer[n];
    long totalPositive = 0;
    for (int i = 0; i < n; i++) {
      order[i] = i;
      totalPositive += positive[i] == 1 ? (weight == null ? 1 : weight[i]) : 0;
    }
    Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
    Result best = new Result(0, 0, 0, 1);
    long tp = 0;
    long fp = 0;
    for (int j = 0; j < n; j++) {
      int i = order[j];
      long w = weight == null ? 1 : weight[i];
      if (positive[i] == 1) {
        tp += w;
      } else {
        fp += w;
      }
      boolean lastOfThreshold = j == n - 1 || score[order[j + 1]] < score[i];
      if (!lastOfThreshold || score[i] <= 0) {
        continue; // a threshold of 0 flags everything: not a detector's choice
      }
      double precision = (double) tp / (tp + fp);
      double recall = totalPositive == 0 ? 0 : (double) tp / totalPositive;
      double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
      if (f1 > best.f1()) {
        best = new Result(f1, precision, recall, score[i]);
      }
    }
    return best;
  }

  /** Per point, whether it lies in one of the series' windows (ends inclusive). */
  public static boolean[] pointLabels(LabeledSeries series) {
    boolean[] out = new boolean[series.size()];
    for (LabeledSeries.Window w : series.windows()) {
      for (int i = 0; i < out.length; i++) {
        var t = series.timestamps().get(i);
        out[i] |= !t.isBefore(w.start()) && !t.isAfter(w.end());
      }
    }
    return out;
  }
}
