package io.sextant.common.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One KPI value of one series at one instant. The series is (site, metric, labels); by
 * convention the label {@code resource} names the topology element the KPI is about (e.g.
 * {@code service:edge-1/web}), which is how detections and alarms find their resource.
 */
public record Sample(String site, String metric, Map<String, String> labels, Instant time, double value) {
  public static final String RESOURCE = "resource";

  public Sample {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(time, "time");
    labels = Labels.copyOf(labels);
  }

  public long seriesId() {
    return Ids.seriesId(site, metric, labels);
  }

  /** Stable id of this point: one value per series and instant. */
  public String id() {
    return Long.toHexString(seriesId()) + "@" + time.toEpochMilli();
  }

  public String resource() {
    return labels.getOrDefault(RESOURCE, "");
  }
}
