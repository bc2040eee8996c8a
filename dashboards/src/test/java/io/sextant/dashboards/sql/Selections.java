package io.sextant.dashboards.sql;

import io.sextant.dashboards.grafana.GrafanaSql;
import io.sextant.dashboards.grafana.Selection;
import io.sextant.dashboards.grafana.TimeRange;
import io.sextant.dashboards.model.Dashboard;
import io.sextant.dashboards.model.Variable;
import io.sextant.dashboards.sql.PanelCase.Mode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sets a dashboard's variables as a user would, in their order: each variable's options come from
 * its query, run with the variables before it already set (a chained variable such as $service
 * lists the services of the sites chosen in $site).
 */
final class Selections {
  /** Not a site: quotes in it must reach PostgreSQL as part of the literal. */
  static final String QUOTED = "it's \"edge\"' OR 'a'='a";

  private Selections() {}

  static Map<String, Selection> of(Dashboard d, Mode mode, Connection reader, TimeRange range, long intervalMs)
      throws SQLException {
    Map<String, Selection> set = new HashMap<>();
    for (Variable v : d.variables()) {
      if (mode == Mode.QUOTE) {
        set.put(v.name(), Selection.of(v, List.of(QUOTED)));
        continue;
      }
      List<String> options = options(v, set, reader, range, intervalMs);
      Selection s = switch (mode) {
        case ALL, NONE -> Selection.all(v, options);
        case ONE -> Selection.of(v, nonEmpty(v, options).subList(0, 1));
        case SEVERAL -> Selection.of(v, nonEmpty(v, options).subList(0, Math.min(2, options.size())));
        case QUOTE -> throw new AssertionError();
      };
      set.put(v.name(), s);
    }
    return set;
  }

  /** The options Grafana lists: the __value column, else the first. */
  static List<String> options(Variable v, Map<String, Selection> set, Connection reader, TimeRange range,
      long intervalMs) throws SQLException {
    Result r = Result.of(reader, GrafanaSql.expand(v.query().rawSql(), set, range, intervalMs));
    int column = Math.max(0, r.index("__value"));
    return r.rows().stream().map(row -> String.valueOf(row[column])).distinct().toList();
  }

  private static List<String> nonEmpty(Variable v, List<String> options) {
    if (options.isEmpty()) {
      throw new IllegalStateException("$" + v.name() + " has no options on the demo's store");
    }
    return options;
  }
}
