package io.sextant.dashboards.grafana;

import java.util.Map;

/** A query's SQL as PostgreSQL receives it from Grafana: the browser's step, then the backend's. */
public final class GrafanaSql {
  private GrafanaSql() {}

  public static String expand(String rawSql, Map<String, Selection> selections, TimeRange range, long intervalMs) {
    return PostgresMacros.expand(TemplateVariables.interpolate(rawSql, selections, intervalMs, range), range,
        intervalMs, false);
  }
}
