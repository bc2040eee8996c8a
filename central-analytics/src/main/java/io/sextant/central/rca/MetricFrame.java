package io.sextant.central.rca;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Metric series on one time axis: {@code times[i]} is the time of row {@code i} of every column.
 * A missing value is NaN. The arrays are not copied: a frame is built once and only read.
 */
public record MetricFrame(Instant[] times, Map<MetricKey, double[]> columns) {
  public MetricFrame {
    if (times == null || columns == null) {
      throw new IllegalArgumentException("a frame needs times and columns");
    }
    for (Map.Entry<MetricKey, double[]> e : columns.entrySet()) {
      if (e.getValue().length != times.length) {
        throw new IllegalArgumentException(
            "column " + e.getKey() + " has " + e.getValue().length + " rows, the time axis " + times.length);
      }
    }
    columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
  }

  public int rows() {
    return times.length;
  }
}
