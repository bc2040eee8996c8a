package io.sextant.deploy.lab.netns;

import io.sextant.common.model.Sample;
import io.sextant.common.model.SampleBatch;
import io.sextant.common.topology.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Waits until every probe path's loss detector has learned its warm-up, counting the windows each
 * edge sends ({@code probe_loss_ratio} on {@code path:<src>><dst>}). A fault injected before that is
 * learned as the path's normal and never detected: on a loaded 2-core machine the edges' windows
 * came every 2 s instead of 1 s, so a fixed warm-up after the edges were ready (8 s) saw only 3 or 4
 * of the 5 windows, and the 5 % loss went unseen (CI, 2026-12-06).
 */
final class WarmUpWatch {
  private final List<String> paths = new ArrayList<>();
  private final Map<String, Integer> windows = new HashMap<>();
  private final Map<String, Double> worstLoss = new HashMap<>();

  WarmUpWatch(List<String> sites) {
    for (String src : sites) {
      for (String dst : sites) {
        if (!src.equals(dst)) {
          paths.add("path:" + Path.idOf(src, dst));
        }
      }
    }
  }

  synchronized void onBatch(SampleBatch batch) {
    for (Sample s : batch.samples()) {
      String path = s.metric().equals("probe_loss_ratio") ? s.resource() : null;
      if (path != null) {
        windows.merge(path, 1, Integer::sum);
        worstLoss.merge(path, s.value(), Math::max);
      }
    }
    notifyAll();
  }

  /**
   * Blocks until every path has sent {@code needed} windows; the answer says what they were (the
   * worst window of a path is what its detector's baseline may have learned).
   */
  synchronized String await(int needed, Duration timeout) throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!paths.stream().allMatch(p -> windows.getOrDefault(p, 0) >= needed)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException("probe paths short of " + needed + " windows after " + timeout.toSeconds()
            + " s: " + summary());
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return summary();
  }

  private String summary() {
    StringBuilder b = new StringBuilder();
    for (String p : paths) {
      b.append(b.isEmpty() ? "" : ", ").append(p.substring("path:".length())).append(' ')
          .append(windows.getOrDefault(p, 0)).append(" (worst loss ")
          .append(String.format("%.3f", worstLoss.getOrDefault(p, Double.NaN))).append(')');
    }
    return b.toString();
  }
}
