package io.sextant.central.model.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Point-wise figures of anomaly scores against 0/1 labels, as the multivariate time-series
 * literature reports them. A point is flagged when its score is at least the threshold.
 *
 * <ul>
 *   <li>{@link #at}: counts at one threshold;</li>
 *   <li>{@link #best}: the threshold with the best point-wise F1 (an upper bound that peeks at the
 *       labels, for comparison only);</li>
 *   <li>{@link #bestPointAdjusted}: the same with point adjustment: a labelled segment counts
 *       wholly found when any of its points is flagged, wholly missed otherwise (Xu et al., 2018).</li>
 * </ul>
 * Both sweeps sort once and try every distinct score as a threshold: O(n log n).
 */
public final class PointMetrics {
  /** The best threshold and its counts. */
  public record Best(double threshold, PointCounts counts) {}

  private PointMetrics() {}

  public static PointCounts at(double[] scores, boolean[] labels, double threshold) {
    check(scores, labels);
    long tp = 0;
    long fp = 0;
    long fn = 0;
    for (int i = 0; i < scores.length; i++) {
      boolean flagged = scores[i] >= threshold;
      if (labels[i] && flagged) {
        tp++;
      } else if (labels[i]) {
        fn++;
      } else if (flagged) {
        fp++;
      }
    }
    return new PointCounts(tp, fp, fn);
  }

  /** Best point-wise F1 over all thresholds. */
  public static Best best(double[] scores, boolean[] labels) {
    check(scores, labels);
    List<double[]> items = new ArrayList<>(scores.length);
    for (int i = 0; i < scores.length; i++) {
      // weight: how many positives (w) come with this score, and whether it is a normal point
      items.add(new double[] {scores[i], labels[i] ? 1 : 0, labels[i] ? 0 : 1});
    }
    return sweep(items, positives(labels));
  }

  /** Best F1 with point adjustment: each labelled segment enters at its highest score, with its length. */
  public static Best bestPointAdjusted(double[] scores, boolean[] labels) {
    check(scores, labels);
    List<double[]> items = new ArrayList<>();
    for (int i = 0; i < scores.length; i++) {
      if (!labels[i]) {
        items.add(new double[] {scores[i], 0, 1});
        continue;
      }
      int start = i;
      double max = Double.NEGATIVE_INFINITY;
      while (i < scores.length && labels[i]) {
        max = Math.max(max, scores[i]);
        i++;
      }
      items.add(new double[] {max, i - start, 0});
      i--;
    }
    return sweep(items, positives(labels));
  }

  /** Flags from the highest score down; evaluates F1 after the last item of each distinct score. */
  private static Best sweep(List<double[]> items, long positives) {
    double[][] sorted = items.toArray(double[][]::new);
    Arrays.sort(sorted, (a, b) -> Double.compare(b[0], a[0]));
    long tp = 0;
    long fp = 0;
    Best best = new Best(Double.POSITIVE_INFINITY, new PointCounts(0, 0, positives));
    for (int i = 0; i < sorted.length; i++) {
      tp += (long) sorted[i][1];
      fp += (long) sorted[i][2];
      if (i + 1 < sorted.length && sorted[i + 1][0] == sorted[i][0]) {
        continue;
      }
      PointCounts c = new PointCounts(tp, fp, positives - tp);
      if (c.f1() > best.counts().f1()) {
        best = new Best(sorted[i][0], c);
      }
    }
    return best;
  }

  /** Labelled segments: maximal runs of positive points. */
  public static int segments(boolean[] labels) {
    int n = 0;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] && (i == 0 || !labels[i - 1])) {
        n++;
      }
    }
    return n;
  }

  public static long positives(boolean[] labels) {
    long n = 0;
    for (boolean b : labels) {
      n += b ? 1 : 0;
    }
    return n;
  }

  private static void check(double[] scores, boolean[] labels) {
    if (scores.length != labels.length) {
      throw new IllegalArgumentException(scores.length + " scores but " + labels.length + " labels");
    }
    for (double s : scores) {
      if (Double.isNaN(s)) {
        throw new IllegalArgumentException("a score is NaN");
      }
    }
  }
}
