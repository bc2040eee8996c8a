package io.sextant.central.rca;

import java.time.Instant;
import java.util.Objects;

/** What was alarmed: one KPI of one component, at a time. */
public record Symptom(String component, String metric, String statistic, Instant time) {
  public Symptom {
    if (component == null || component.isBlank()) {
      throw new IllegalArgumentException("symptom: empty component");
    }
    Objects.requireNonNull(time, "symptom: time");
    metric = metric == null ? "" : metric;
    statistic = statistic == null ? "" : statistic;
  }
}
