package io.sextant.dashboards.model;

import com.fasterxml.jackson.databind.JsonNode;

/** A dashboard template variable of type {@code query}: its options come from {@link #query()}. */
public record Variable(String name, Query query, boolean multi, boolean includeAll, String allValue, JsonNode json) {
  /** Grafana quotes a value as an SQL literal only for multi-value or include-All variables. */
  public boolean quoted() {
    return multi || includeAll;
  }
}
