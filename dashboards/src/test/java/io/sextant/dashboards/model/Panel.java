package io.sextant.dashboards.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A panel with its queries (none for a text panel). */
public record Panel(int id, String type, String title, List<Query> targets, JsonNode json) {
  /** Panel types that show numbers and so need a unit. */
  public static final List<String> NUMERIC = List.of("timeseries", "stat", "gauge", "bargauge", "barchart", "piechart");

  public boolean numeric() {
    return NUMERIC.contains(type);
  }

  /** The panel's relative time override (e.g. {@code 24h}), or null: the dashboard's range then. */
  public String timeFrom() {
    return json.path("timeFrom").isTextual() ? json.get("timeFrom").asText() : null;
  }

  /** Grafana's {@code reduceOptions.values}: one value per row (true) or one reduced value per field. */
  public boolean valuesPerRow() {
    return json.path("options").path("reduceOptions").path("values").asBoolean(false);
  }
}
