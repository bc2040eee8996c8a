package io.sextant.dashboards.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.sextant.dashboards.grafana.GrafanaSql;
import io.sextant.dashboards.grafana.Intervals;
import io.sextant.dashboards.grafana.Selection;
import io.sextant.dashboards.grafana.TimeRange;
import io.sextant.dashboards.model.Dashboard;
import io.sextant.dashboards.model.Dashboards;
import io.sextant.dashboards.model.Panel;
import io.sextant.dashboards.model.Query;
import io.sextant.dashboards.sql.PanelCase.Mode;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every query of every dashboard, expanded as Grafana expands it, run on the demo's store as the
 * read-only role Grafana connects with: it must run, have the columns its panel type needs, and,
 * with every variable at All, return rows (except the few whose data a demo does not produce,
 * {@link EmptyInTheDemo}).
 */
@ExtendWith(DemoStore.Extension.class)
class PanelQueriesIT {
  static Stream<PanelCase> cases() {
    return Cases.of(Dashboards.source()).stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void runsWithTheColumnsItsPanelNeeds(PanelCase c, DemoStore store) throws SQLException {
    Dashboard d = store.dashboards().stream().filter(x -> x.uid().equals(c.uid())).findFirst().orElseThrow();
    Panel panel = c.panel(d);
    Query q = c.query(d);
    TimeRange range = c.range(panel, store.now());
    long intervalMs = c.intervalMs(panel, range, minInterval(store));
    Map<String, Selection> selections = Selections.of(d, c.mode(), store.reader(), range, intervalMs);
    String sql = GrafanaSql.expand(q.rawSql(), selections, range, intervalMs);

    Result r;
    try {
      r = Result.of(store.reader(), sql);
    } catch (SQLException e) {
      throw new AssertionError(c + " failed: " + e.getMessage() + "\n--- SQL as Grafana sends it:\n" + sql, e);
    }

    List<String> problems = switch (c.kind()) {
      case PanelCase.PANEL_KIND -> Shapes.panel(panel, q, r);
      case PanelCase.ANNOTATION -> Shapes.annotation(r);
      default -> Shapes.variable(r);
    };
    assertThat(problems).as("%s\n--- SQL:\n%s", c, sql).isEmpty();
    if ((c.mode() == Mode.ALL || c.mode() == Mode.NONE) && !EmptyInTheDemo.REASONS.containsKey(c.key())) {
      assertThat(r.rows()).as("%s returned no rows on the demo's store\n--- SQL:\n%s", c, sql).isNotEmpty();
    }
  }

  @Test
  void everyQueryHasCasesAndTheEmptyListNamesRealQueries() {
    List<PanelCase> cases = Cases.of(Dashboards.source());
    long queries = Dashboards.source().stream().mapToLong(d -> d.queries().size()).sum();
    assertThat(cases.stream().map(c -> c.uid() + c.kind() + c.key()).distinct().count()).isEqualTo(queries);
    for (String key : EmptyInTheDemo.REASONS.keySet()) {
      if (cases.stream().noneMatch(c -> c.key().equals(key))) {
        fail("EmptyInTheDemo names " + key + ", which is no query of any dashboard");
      }
    }
  }

  private static Duration minInterval(DemoStore store) {
    return Intervals.parse(store.datasource().path("jsonData").path("timeInterval").asText());
  }
}
