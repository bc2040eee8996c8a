package io.sextant.edge.eval;

import java.time.LocalDateTime;
import java.util.List;

/**
 * NAB's per-point bookkeeping for one series ({@code Sweeper.calcSweepScore}), independent of the
 * detector and of the profile: for each point whether it is probationary, in which window it lies,
 * and the unweighted value of a detection there.
 *
 * <ul>
 *   <li>The first {@code min(floor(0.15 n), 0.15 * 5000)} points are probationary and never scored.
 *   <li>In a window of width {@code w} (points, ends inclusive) whose last point has index {@code r},
 *       a detection at {@code i} is worth {@code S(-(r - i + 1) / w)}: from {@code S(-1)} at the first
 *       point to nearly 0 at the last; the profile scales it by {@code tpWeight / S(-1)}.
 *   <li>Outside a window a detection is worth {@code -1} before the first window and
 *       {@code S(|r - i| / (w - 1))} after a window ({@code r, w} of the preceding window): a
 *       detection just after a window costs little, one far after it ({@code > 3} widths) a full
 *       {@code -1}; the profile scales it by {@code fpWeight}.
 *   <li>{@code S(y) = 2 / (1 + e^(5y)) - 1}, and {@code -1} for {@code y > 3}.
 * </ul>
 * NAB enters a window at the point whose timestamp equals the window start and leaves it after the
 * point equal to its end; for windows whose ends are not data timestamps we take the first point at
 * or after the start and the last at or before the end, which is the same on NAB's labels.
 */
final class Sweep {
  static final double PROBATION_PERCENT = 0.15;
  /** {@link #window} value of a point outside every window. */
  static final int OUTSIDE = -1;
  /** {@link #window} value of a probationary point. */
  static final int PROBATION = -2;

  /** Per point: {@link #PROBATION}, {@link #OUTSIDE}, or the index of its window in the series. */
  final int[] window;
  /** Per point: the unweighted score of a detection there (in a window: {@code S(position)}). */
  final double[] unweighted;
  /** Number of windows of the series with at least one scored (non-probationary) point. */
  final int scoredWindows;
  final int windowCount;

  private Sweep(int[] window, double[] unweighted, int scoredWindows, int windowCount) {
    this.window = window;
    this.unweighted = unweighted;
    this.scoredWindows = scoredWindows;
    this.windowCount = windowCount;
  }

  static double scaledSigmoid(double relativePosition) {
    if (relativePosition > 3.0) {
      return -1.0;
    }
    return 2.0 / (1.0 + Math.exp(5.0 * relativePosition)) - 1.0;
  }

  /** NAB's {@code _getProbationaryLength}: a point {@code i} is scored when {@code i >= } this. */
  static double probationaryLength(int n) {
    return Math.min(Math.floor(PROBATION_PERCENT * n), PROBATION_PERCENT * 5000);
  }

  static Sweep of(LabeledSeries series) {
    int n = series.size();
    List<LocalDateTime> ts = series.timestamps();
    int[] window = new int[n];
    double[] unweighted = new double[n];
    java.util.Arrays.fill(window, OUTSIDE);
    int[] left = new int[series.windows().size()];
    int[] right = new int[left.length];
    for (int k = 0; k < left.length; k++) {
      LabeledSeries.Window w = series.windows().get(k);
      left[k] = firstAtOrAfter(ts, w.start());
      right[k] = lastAtOrBefore(ts, w.end());
    }
    double probation = probationaryLength(n);
    boolean[] scored = new boolean[left.length];
    int next = 0;            // next window to enter
    int cur = -1;            // window we are in
    int prevRight = -1;
    int prevWidth = 0;
    for (int i = 0; i < n; i++) {
      while (cur < 0 && next < left.length && left[next] < i) {
        next++;              // a window without points (end before start after snapping): never entered
      }
      if (cur < 0 && next < left.length && left[next] == i && right[next] >= i) {
        cur = next++;
      }
      if (cur >= 0) {
        double width = right[cur] - left[cur] + 1;
        unweighted[i] = scaledSigmoid(-(right[cur] - i + 1) / width);
        window[i] = cur;
      } else if (prevRight < 0) {
        unweighted[i] = -1.0;
      } else {
        // NAB divides by (width - 1); a one-point window would divide by zero there.
        unweighted[i] = scaledSigmoid(Math.abs(prevRight - i) / (double) Math.max(1, prevWidth - 1));
      }
      if (i < probation) {
        window[i] = PROBATION;
      } else if (cur >= 0) {
        scored[cur] = true;
      }
      if (cur >= 0 && i == right[cur]) {
        prevRight = i;
        prevWidth = right[cur] - left[cur] + 1;
        cur = -1;
      }
    }
    int scoredWindows = 0;
    for (boolean s : scored) {
      scoredWindows += s ? 1 : 0;
    }
    return new Sweep(window, unweighted, scoredWindows, left.length);
  }

  private static int firstAtOrAfter(List<LocalDateTime> ts, LocalDateTime t) {
    int lo = 0;
    int hi = ts.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ts.get(mid).isBefore(t)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static int lastAtOrBefore(List<LocalDateTime> ts, LocalDateTime t) {
    return firstAtOrAfter(ts, t.plusNanos(1)) - 1;
  }
}
