package io.sextant.store;

import static io.sextant.store.Fixtures.alarm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sextant.common.model.Alarm;
import io.sextant.common.model.Alarm.AckState;
import io.sextant.common.model.Alarm.State;
import io.sextant.common.model.Severity;
import io.sextant.common.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlarmsIT {
  private static PostgresStore store;

  private final Alarm raised = alarm(0, State.RAISED, Severity.MAJOR, AckState.UNACKNOWLEDGED, 1);
  private final Alarm updated = alarm(60, State.UPDATED, Severity.CRITICAL, AckState.UNACKNOWLEDGED, 2);
  private final Alarm acked = alarm(60, State.UPDATED, Severity.CRITICAL, AckState.ACKNOWLEDGED, 2);
  private final Alarm cleared = alarm(120, State.CLEARED, Severity.CLEARED, AckState.ACKNOWLEDGED, 2);

  @BeforeAll
  static void open() {
    store = Stores.open(TestPostgres.freshDatabase("alarms"));
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @BeforeEach
  void empty() {
    TestPostgres.truncateAll(store);
  }

  @Test
  void aNewAlarmIsCurrentAndStartsItsHistory() {
    store.writeAlarm(raised);

    assertThat(store.alarms()).containsExactly(raised);
    assertThat(store.alarmHistory(raised.id())).containsExactly(raised);
  }

  @Test
  void aRedeliveredIdenticalAlarmAddsNoHistory() {
    store.writeAlarm(raised);
    store.writeAlarm(raised);
    store.writeAlarm(updated);
    store.writeAlarm(updated);

    assertThat(store.alarms()).containsExactly(updated);
    assertThat(store.alarmHistory(raised.id())).containsExactly(raised, updated);
  }

  @Test
  void everyChangeIsAppendedInOrderAndTheLastIsCurrent() {
    store.writeAlarm(raised);
    store.writeAlarm(updated);
    store.writeAlarm(acked); // same time, only the ack state differs
    store.writeAlarm(cleared);

    assertThat(store.alarms()).containsExactly(cleared);
    assertThat(store.alarmHistory(raised.id())).containsExactly(raised, updated, acked, cleared);
  }

  @Test
  void anOlderStateArrivingLateDoesNotReplaceTheCurrentOne() {
    store.writeAlarm(raised);
    store.writeAlarm(cleared);
    store.writeAlarm(updated); // overtaken by the clear, e.g. redelivered after a partition
    store.writeAlarm(updated);
    store.writeAlarm(raised);

    assertThat(store.alarms()).containsExactly(cleared);
    assertThat(store.alarmHistory(raised.id())).containsExactly(raised, updated, cleared);
  }

  @Test
  void aBatchFollowsTheSameRulesAsOneWriteAtATime() {
    Alarm other = alarm(30, State.RAISED, Severity.MINOR, AckState.UNACKNOWLEDGED, 1);
    Alarm second = new Alarm("alm-second", other.site(), other.time(), "node:edge-2/n2", other.probableCause(),
        null, other.eventType(), other.perceivedSeverity(), other.state(), other.ackState(), false, null, null,
        other.raisedTime(), null, 1, other.source(), null);

    store.writeAlarms(List.of(raised, second, updated, updated, acked, raised));
    store.writeAlarms(List.of(cleared, updated, cleared));

    assertThat(store.alarms()).containsExactly(cleared, second);
    assertThat(store.alarmHistory(raised.id())).containsExactly(raised, updated, acked, cleared);
    assertThat(store.alarmHistory(second.id())).containsExactly(second);
  }

  @Test
  void severalChangesOfOneAlarmInOneBatchEndInTheLastWithEachInTheHistory() {
    store.writeAlarms(List.of(raised, updated, acked, cleared));

    assertThat(store.alarms()).containsExactly(cleared);
    assertThat(store.alarmHistory(raised.id())).containsExactly(raised, updated, acked, cleared);
  }

  @Test
  void anOlderChangeAfterANewerOneInABatchDoesNotReplaceIt() {
    store.writeAlarms(List.of(raised, cleared, updated)); // the update overtaken within the batch

    assertThat(store.alarms()).containsExactly(cleared);
    assertThat(store.alarmHistory(raised.id())).containsExactly(raised, updated, cleared);
  }

  @Test
  void aReturnToAnEarlierStateIsAppendedAgain() {
    Alarm ackedAtRaise = alarm(0, State.RAISED, Severity.MAJOR, AckState.ACKNOWLEDGED, 1);
    store.writeAlarm(raised);
    store.writeAlarm(ackedAtRaise);
    store.writeAlarm(raised); // unacknowledged again, at the same time: the same document as the raise
    store.writeAlarms(List.of(ackedAtRaise, raised, ackedAtRaise));

    assertThat(store.alarms()).containsExactly(ackedAtRaise);
    assertThat(store.alarmHistory(raised.id()))
        .containsExactly(raised, ackedAtRaise, raised, ackedAtRaise, raised, ackedAtRaise);
  }

  @Test
  void aRedeliveredBatchChangesNothing() throws SQLException {
    Alarm other = new Alarm("alm-other", raised.site(), raised.time(), "node:edge-2/n2", raised.probableCause(),
        null, raised.eventType(), raised.perceivedSeverity(), raised.state(), raised.ackState(), false, null, null,
        raised.raisedTime(), null, 1, raised.source(), null);
    // Times rise within the alarm: two states at one instant cannot be told from a real change back
    // and forth (an ack and an unack), which is appended again (aReturnToAnEarlierStateIsAppendedAgain).
    List<Alarm> batch = List.of(raised, other, updated, cleared);
    store.writeAlarms(batch);
    List<String> rows = rowVersions();

    store.writeAlarms(batch);

    assertThat(rowVersions()).as("no row rewritten, none added").isEqualTo(rows);
    assertThat(store.alarms()).containsExactly(cleared, other);
    assertThat(store.alarmHistory(raised.id())).containsExactly(raised, updated, cleared);
  }

  /** Each stored row of both tables with the transaction that wrote it. */
  private static List<String> rowVersions() throws SQLException {
    try (Connection c = store.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("""
            SELECT 'alarms ' || id || ' ' || xmin FROM alarms
            UNION ALL SELECT 'history ' || seq || ' ' || xmin FROM alarm_history ORDER BY 1""");
        ResultSet rs = ps.executeQuery()) {
      List<String> out = new java.util.ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      c.commit();
      return out;
    }
  }

  @Test
  void appendedChangesAreEachInTheHistoryAndTheLastOfEachAlarmIsCurrent() {
    Alarm other = new Alarm("alm-other", raised.site(), raised.time(), "node:n2", raised.probableCause(), null,
        raised.eventType(), raised.perceivedSeverity(), raised.state(), raised.ackState(), false, null, null,
        raised.raisedTime(), null, 1, raised.source(), null);
    store.appendAlarms(List.of(raised, other, updated, acked), null);
    store.appendAlarms(List.of(cleared), null);

    assertThat(store.alarms()).containsExactly(cleared, other);
    assertThat(store.alarmHistory(raised.id())).containsExactly(raised, updated, acked, cleared);
    assertThat(store.alarmHistory(other.id())).containsExactly(other);
  }

  @Test
  void anAppendedChangeOlderThanTheStoredStateGoesToTheHistoryOnly() {
    store.writeAlarm(raised);
    store.writeAlarm(cleared);
    store.appendAlarms(List.of(updated), null);

    assertThat(store.alarms()).containsExactly(cleared);
    assertThat(store.alarmHistory(raised.id())).as("in time order").containsExactly(raised, updated, cleared);
  }

  @Test
  void aLargeBatchIsWrittenWhole() {
    List<Alarm> many = new java.util.ArrayList<>();
    for (int n = 0; n < 2_500; n++) {
      many.add(new Alarm("alm-" + n, raised.site(), raised.time(), "node:n" + n, raised.probableCause(), null,
          raised.eventType(), raised.perceivedSeverity(), raised.state(), raised.ackState(), false, null, null,
          raised.raisedTime(), null, 1, raised.source(), null));
    }

    store.writeAlarms(many);

    assertThat(store.alarms()).hasSize(many.size());
    assertThat(store.alarmHistory("alm-" + (many.size() - 1))).hasSize(1);
  }

  @Test
  void aBatchIsOneTransaction() {
    Alarm withNul = new Alarm("alm-nul", raised.site(), raised.time(), "node:\u0000", raised.probableCause(),
        null, raised.eventType(), raised.perceivedSeverity(), raised.state(), raised.ackState(), false, null, null,
        raised.raisedTime(), null, 1, raised.source(), null);

    StoreException e = catchThrowableOfType(StoreException.class,
        () -> store.writeAlarms(List.of(raised, withNul, updated)));

    assertThat(e.retryable()).isFalse();
    assertThat(e).hasMessageContaining("SQLSTATE");
    assertThat(store.alarms()).as("nothing of the failed batch is kept").isEmpty();
  }

  @Test
  void theX733ColumnsFollowTheCurrentState() throws SQLException {
    store.writeAlarm(raised);
    store.writeAlarm(cleared);

    try (Connection c = store.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("""
            SELECT state, perceived_severity, ack_state, event_type, probable_cause, is_root_cause,
                   correlated_alarm_ids, count, cleared_time IS NOT NULL AS has_cleared_time, labels->>'link' AS link
            FROM alarms WHERE id = ?""")) {
      ps.setString(1, raised.id());
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString("state")).isEqualTo("CLEARED");
        assertThat(rs.getString("perceived_severity")).isEqualTo("CLEARED");
        assertThat(rs.getString("ack_state")).isEqualTo("ACKNOWLEDGED");
        assertThat(rs.getString("event_type")).isEqualTo("COMMUNICATIONS_ALARM");
        assertThat(rs.getString("probable_cause")).isEqualTo("packet loss");
        assertThat(rs.getBoolean("is_root_cause")).isTrue();
        assertThat((String[]) rs.getArray("correlated_alarm_ids").getArray()).containsExactly("alm-child-1");
        assertThat(rs.getInt("count")).isEqualTo(2);
        assertThat(rs.getBoolean("has_cleared_time")).isTrue();
        assertThat(rs.getString("link")).isEqualTo("edge-1~edge-2");
      }
      c.commit();
    }
  }

  @Test
  void alarmsAreListedInRaiseOrder() {
    Alarm later = new Alarm("alm-later", "edge-2", Fixtures.at(300), "node:edge-2/n1", "cpu saturation", null,
        raised.eventType(), Severity.MINOR, State.RAISED, AckState.UNACKNOWLEDGED, false, raised.id(), null,
        Fixtures.at(300), null, 1, "detector:cpu", null);
    store.writeAlarm(later);
    store.writeAlarm(cleared);

    assertThat(store.alarms()).containsExactly(cleared, later);
    assertThat(store.alarmHistory("no-such-alarm")).isEmpty();
  }

  /**
   * The group commit stores a parent at its own changes only, not at each symptom that joins or
   * leaves it: readers list an open parent's symptoms from the symptoms' parent links.
   */
  @Test
  void anOpenParentListsItsOpenSymptomsFromTheirLinks() {
    Alarm root = parent("alm-root", false, List.of("alm-c2", "alm-c1", "alm-c4", "alm-never-stored"));
    Alarm closedRoot = parent("alm-closed-root", true, List.of("alm-c1", "alm-c2"));
    store.writeAlarms(List.of(root, closedRoot, symptom("alm-c1", 10, root.id(), false),
        symptom("alm-c2", 20, root.id(), true), symptom("alm-c3", 30, root.id(), false),
        symptom("alm-c4", 40, null, false)));

    // Listed and still under it, in its order; listed but cleared or taken out: dropped; unknown
    // to the store: kept; linked to it but not listed yet: appended.
    assertThat(store.alarms()).filteredOn(a -> a.id().equals(root.id())).singleElement()
        .extracting(Alarm::correlatedAlarmIds).isEqualTo(List.of("alm-c1", "alm-never-stored", "alm-c3"));
    assertThat(store.alarms()).filteredOn(a -> a.id().equals(closedRoot.id())).singleElement()
        .as("a cleared parent keeps the list it was stored with").isEqualTo(closedRoot);
    // At a restart only the open alarms are read: an id not among them is not open under the root.
    assertThat(new RestartReads(store.dataSource()).openAlarms()).filteredOn(a -> a.id().equals(root.id()))
        .singleElement().extracting(Alarm::correlatedAlarmIds).isEqualTo(List.of("alm-c1", "alm-c3"));
    assertThat(store.alarmHistory(root.id())).as("the history keeps what was written")
        .singleElement().isEqualTo(root);
  }

  private static Alarm parent(String id, boolean cleared, List<String> correlated) {
    return new Alarm(id, "central", Fixtures.at(0), "link:" + id, "packet loss", null,
        io.sextant.common.model.EventType.COMMUNICATIONS_ALARM, cleared ? Severity.CLEARED : Severity.MAJOR,
        cleared ? State.CLEARED : State.RAISED, AckState.UNACKNOWLEDGED, true, null, correlated, Fixtures.at(0),
        cleared ? Fixtures.at(0) : null, 1, "link-locator", null);
  }

  private static Alarm symptom(String id, int raisedAt, String parentId, boolean cleared) {
    return new Alarm(id, "edge-1", Fixtures.at(raisedAt), "path:" + id, "packet loss", null,
        io.sextant.common.model.EventType.COMMUNICATIONS_ALARM, cleared ? Severity.CLEARED : Severity.MINOR,
        cleared ? State.CLEARED : State.RAISED, AckState.UNACKNOWLEDGED, false, parentId, null,
        Fixtures.at(raisedAt), cleared ? Fixtures.at(raisedAt) : null, 1, "detector:loss", null);
  }
}
