package io.sextant.edge.eval;

import java.time.LocalDateTime;
import java.util.List;

/**
 * One labelled series of a NAB-layout corpus: its path relative to the data folder (the key of the
 * windows JSON, '/'-separated), its points and its anomaly windows in time order.
 */
public record LabeledSeries(String name, List<LocalDateTime> timestamps, double[] values, List<Window> windows) {
  /** An anomaly window, both ends inclusive. */
  public record Window(LocalDateTime start, LocalDateTime end) {
    public Window {
      if (start == null || end == null || end.isBefore(start)) {
        throw new IllegalArgumentException("window: end must not be before start: " + start + " .. " + end);
      }
    }
  }

  public LabeledSeries {
    timestamps = List.copyOf(timestamps);
    windows = List.copyOf(windows);
    if (values.length != timestamps.size()) {
      throw new IllegalArgumentException(name + ": " + values.length + " values for " + timestamps.size() + " timestamps");
    }
  }

  public int size() {
    return values.length;
  }
}
