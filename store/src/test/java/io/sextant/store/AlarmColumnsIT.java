package io.sextant.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.model.Alarm;
import io.sextant.common.model.Alarm.AckState;
import io.sextant.common.model.Alarm.State;
import io.sextant.common.model.EventType;
import io.sextant.common.model.Severity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The columns of {@code alarms} are bound from the {@link Alarm} records, not read out of the
 * document by the server: they must hold exactly what reading them out of the stored document
 * gives ({@code jsonb_to_record}, as the write did before), for awkward values too.
 */
class AlarmColumnsIT {
  /** The columns as read from the document, the way the write read them before. */
  private static final String FROM_DOC = """
      SELECT count(*) FILTER (WHERE (a.site, a.time, a.resource, a.probable_cause, a.specific_problem,
              a.event_type, a.perceived_severity, a.state, a.ack_state, a.is_root_cause, a.parent_alarm_id,
              a.correlated_alarm_ids, a.raised_time, a.cleared_time, a.count, a.source, a.labels)
          IS DISTINCT FROM (r.site, r."time", r.resource, r."probableCause", r."specificProblem", r."eventType",
              r."perceivedSeverity", r.state, r."ackState", r."isRootCause", r."parentAlarmId",
              coalesce(r."correlatedAlarmIds", '{}'), r."raisedTime", r."clearedTime", r.count, r.source,
              coalesce(a.doc::jsonb -> 'labels', '{}'))) AS differing,
          count(*) AS rows,
          count(*) FILTER (WHERE a.id = r.id) AS same_id
      FROM alarms a CROSS JOIN LATERAL jsonb_to_record(a.doc::jsonb) AS r(id text, site text, "time" timestamptz,
          resource text, "probableCause" text, "specificProblem" text, "eventType" text, "perceivedSeverity" text,
          state text, "ackState" text, "isRootCause" boolean, "parentAlarmId" text, "correlatedAlarmIds" text[],
          "raisedTime" timestamptz, "clearedTime" timestamptz, count integer, source text)""";

  private static PostgresStore store;

  @BeforeAll
  static void open() {
    store = Stores.open(TestPostgres.freshDatabase("alarmcolumns"));
  }

  @AfterAll
  static void close() {
    store.close();
  }

  /** Through the redelivery rules ({@code writeAlarms}) and without them ({@code appendAlarms}). */
  @ParameterizedTest(name = "append={0}")
  @ValueSource(booleans = {false, true})
  void everyColumnHoldsWhatTheDocumentSays(boolean append) throws SQLException {
    TestPostgres.truncateAll(store);
    // Ids an array literal must quote, times below a microsecond (the server rounds them), text
    // beyond ASCII, nulls, and an empty and a long list of correlated ids.
    List<String> odd = List.of("NULL", "a,b", "{brace}", "quote\"d", "back\\slash", " spaced ", "", "ünï 🚨");
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      many.add("alm-" + i);
    }
    Instant t = Instant.parse("2026-03-01T10:00:00.123456789Z");
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("zone", "eu \"west\"");
    labels.put("a", "");
    List<Alarm> changes = List.of(
        alarm("alm-odd", t, odd.subList(0, 3), "parent-1", Instant.parse("2026-03-01T10:00:01.0000005Z"), labels,
            "src"),
        alarm("alm-many", t.plusNanos(1_500), many, null, null, Map.of(), null),
        alarm("alm-none", Instant.parse("1999-12-31T23:59:59.999999999Z"), List.of(), null, null, Map.of(), "s"),
        alarm("alm-odd", t.plusSeconds(5), odd, null, Instant.parse("2026-03-01T10:00:05.0000005Z"), labels, "src"));
    if (append) {
      store.appendAlarms(changes, null);
    } else {
      store.writeAlarms(changes);
    }

    try (Connection c = store.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(FROM_DOC);
        ResultSet rs = ps.executeQuery()) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong("rows")).isEqualTo(3);
      assertThat(rs.getLong("same_id")).isEqualTo(3);
      assertThat(rs.getLong("differing")).as("rows whose columns differ from their document").isZero();
      c.commit();
    }
    assertThat(store.alarms()).containsExactlyInAnyOrder(changes.get(1), changes.get(2), changes.get(3));
  }

  private static Alarm alarm(String id, Instant time, List<String> correlated, String parent, Instant cleared,
      Map<String, String> labels, String source) {
    return new Alarm(id, "site ✓", time, "res:" + id, "cause, with \"quotes\"", cleared == null ? null : "gone",
        EventType.EQUIPMENT_ALARM, cleared == null ? Severity.MAJOR : Severity.CLEARED,
        cleared == null ? State.RAISED : State.CLEARED, AckState.UNACKNOWLEDGED, !correlated.isEmpty(), parent,
        correlated, time.minusSeconds(30), cleared, 7, source, labels);
  }
}
