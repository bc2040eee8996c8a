package io.sextant.central.rca;

/** One metric series of a component, written {@code component|metric|statistic} in the evaluation layout. */
public record MetricKey(String component, String metric, String statistic) {
  public MetricKey {
    if (component == null || component.isBlank()) {
      throw new IllegalArgumentException("metric key: empty component");
    }
    if (metric == null || metric.isBlank()) {
      throw new IllegalArgumentException("metric key: empty metric");
    }
    statistic = statistic == null ? "" : statistic;
  }

  /** Parses {@code component|metric|statistic} (the statistic may be left out). */
  public static MetricKey parse(String column) {
    String[] parts = column.split("\\|", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw new IllegalArgumentException("column '" + column + "': expected component|metric|statistic");
    }
    return new MetricKey(parts[0].strip(), parts[1].strip(), parts.length == 3 ? parts[2].strip() : "");
  }

  @Override
  public String toString() {
    return component + "|" + metric + "|" + statistic;
  }
}
