package io.sextant.dashboards.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One SQL query Grafana runs: a panel target, an annotation or a variable's options query.
 *
 * @param refId the target's refId; the annotation's name; the variable's name
 * @param format {@code time_series} or {@code table} (annotations and variables: {@code table})
 * @param datasource the query's own data source reference, or null when it has none
 */
public record Query(String refId, String format, String rawSql, JsonNode datasource) {
  public static final String TIME_SERIES = "time_series";
  public static final String TABLE = "table";

  public boolean timeSeries() {
    return TIME_SERIES.equals(format);
  }
}
