package io.sextant.dashboards.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sextant.dashboards.grafana.GrafanaSql;
import io.sextant.dashboards.grafana.Intervals;
import io.sextant.dashboards.grafana.Selection;
import io.sextant.dashboards.grafana.TimeRange;
import io.sextant.dashboards.model.Dashboard;
import io.sextant.dashboards.model.Panel;
import io.sextant.deploy.demo.DemoReport.FaultScore;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The NOC overview's incidents say what the demo's scorer says: for each fault, the same seconds
 * to detect, locate, mitigate and repair, read from the store alone (audit log, diagnoses,
 * detections and the FAULT labels the demo records from its ground truth).
 */
@ExtendWith(DemoStore.Extension.class)
class IncidentTimesIT {
  @Test
  void incidentTimesMatchTheDemosScore(DemoStore store) throws SQLException {
    Dashboard noc = store.dashboards().stream().filter(d -> d.uid().equals("sextant-noc")).findFirst().orElseThrow();
    Panel incidents = noc.panel("Incidents of the last 24 h");
    TimeRange range = TimeRange.last(Intervals.parse(incidents.timeFrom()), store.now());
    long intervalMs = Intervals.intervalMs(range, PanelCase.RESOLUTION, Intervals.parse("5s"));
    Map<String, Selection> all = Selections.of(noc, PanelCase.Mode.ALL, store.reader(), range, intervalMs);

    Result r = Result.of(store.reader(),
        GrafanaSql.expand(incidents.targets().get(0).rawSql(), all, range, intervalMs));

    // The demo's four faults; three are repaired, and their incidents carry every time. The
    // dependency fault (a slow API) has no repair: its root-cause diagnosis is the outcome.
    assertThat(store.report().faults()).hasSize(4);
    List<FaultScore> repaired = store.report().faults().stream().filter(FaultScore::repaired).toList();
    assertThat(repaired).hasSize(3);
    for (FaultScore f : repaired) {
      int row = r.values("target").indexOf(f.target());
      assertThat(row).as("an incident on %s", f.target()).isNotNegative();
      assertThat(seconds(r, "detect_s", row)).as("%s detect", f.target()).isCloseTo(f.timeToDetect(), within(0.5));
      assertThat(seconds(r, "locate_s", row)).as("%s locate", f.target()).isCloseTo(f.timeToLocate(), within(0.5));
      assertThat(seconds(r, "mitigate_s", row)).as("%s mitigate", f.target())
          .isCloseTo(f.timeToMitigate(), within(0.5));
      assertThat(seconds(r, "repair_s", row)).as("%s repair", f.target()).isCloseTo(f.timeToRepair(), within(0.5));
      assertThat(r.values("outcome").get(row)).isEqualTo("VERIFIED");
      assertThat(r.values("measured_from").get(row)).isEqualTo("fault start");
    }
  }

  private static double seconds(Result r, String column, int row) {
    Object v = r.values(column).get(row);
    assertThat(v).as(column).isNotNull();
    return ((BigDecimal) v).doubleValue();
  }
}
