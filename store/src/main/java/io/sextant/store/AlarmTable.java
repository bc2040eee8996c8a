package io.sextant.store;

import io.sextant.common.model.Alarm;
import java.nio.charset.StandardCharsets;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Alarms: the current state of each in {@code alarms}, every distinct state in
 * {@code alarm_history}. Rules for a write, which make redelivery harmless:
 *
 * <ul>
 *   <li>a new alarm, or a changed one whose {@code time} is not older than the stored one,
 *       replaces the current state and is appended to the history;
 *   <li>the same document again (a redelivery) changes nothing;
 *   <li>an older version arriving late (a redelivery overtaken by a newer state) never replaces
 *       the current state; it is added to the history, ordered by its time, unless an identical
 *       document is already there.
 * </ul>
 *
 * Documents compare as jsonb, so key order and whitespace do not matter.
 */
final class AlarmTable {
  /**
   * One statement per change: the upsert, and the history row when the upsert changed the current
   * state or no identical document is in the history yet. Changes of a batch run as one JDBC batch
   * in one transaction, in order; each statement sees the ones before it.
   *
   * <p>The history check reads the statement's snapshot, not the row the upsert locked, so two
   * <em>processes</em> writing the same alarm at the same instant could both append one document.
   * One engine writes through one thread (the centre runs active/standby), so this does not arise.
   *
   * <p>The document is parsed into jsonb once a statement ({@code input}, a CTE used more than
   * once, so materialised), not once for each of its three uses, and the {@code labels} column is
   * taken from it (the alarm's {@code labels} field) rather than encoded and parsed apart.
   */
  private static final String WRITE = """
      WITH input AS (SELECT ?::jsonb AS doc),
      upserted AS (
        INSERT INTO alarms (id, site, time, resource, probable_cause, specific_problem, event_type,
            perceived_severity, state, ack_state, is_root_cause, parent_alarm_id, correlated_alarm_ids,
            raised_time, cleared_time, count, source, labels, doc)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT doc -> 'labels' FROM input),
            (SELECT doc FROM input))
        ON CONFLICT (id) DO UPDATE SET
            site = excluded.site, time = excluded.time, resource = excluded.resource,
            probable_cause = excluded.probable_cause, specific_problem = excluded.specific_problem,
            event_type = excluded.event_type, perceived_severity = excluded.perceived_severity,
            state = excluded.state, ack_state = excluded.ack_state, is_root_cause = excluded.is_root_cause,
            parent_alarm_id = excluded.parent_alarm_id, correlated_alarm_ids = excluded.correlated_alarm_ids,
            raised_time = excluded.raised_time, cleared_time = excluded.cleared_time, count = excluded.count,
            source = excluded.source, labels = excluded.labels, doc = excluded.doc
        WHERE alarms.time <= excluded.time AND alarms.doc IS DISTINCT FROM excluded.doc
        RETURNING id)
      INSERT INTO alarm_history (alarm_id, time, state, severity, doc)
      SELECT ?, ?, ?, ?, input.doc FROM input
      WHERE EXISTS (SELECT 1 FROM upserted)
         OR NOT EXISTS (SELECT 1 FROM alarm_history h WHERE h.alarm_id = ? AND h.doc = input.doc)""";


  private static final String SELECT_CURRENT = "SELECT doc FROM alarms ORDER BY raised_time, id";
  private static final String SELECT_HISTORY =
      "SELECT doc FROM alarm_history WHERE alarm_id = ? ORDER BY time, seq";

  /**
   * Writes the changes in order (one round trip for the batch); the caller commits.
   *
   * @param docs each change's JSON as the codec encodes it (null, or a null entry: encoded here)
   */
  void write(Connection c, List<Alarm> changes, List<byte[]> docs) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(WRITE)) {
      for (int i = 0; i < changes.size(); i++) {
        Alarm a = changes.get(i);
        byte[] doc = docs == null ? null : docs.get(i);
        bind(c, ps, a, doc == null ? Docs.encode(a) : new String(doc, StandardCharsets.UTF_8));
        ps.addBatch();
      }
      try {
        ps.executeBatch();
      } catch (BatchUpdateException e) {
        // The driver's wrapper names the batch entry; the server's own error says what was wrong.
        throw e.getNextException() != null ? e.getNextException() : e;
      }
    }
  }

  private static void bind(Connection c, PreparedStatement ps, Alarm a, String doc) throws SQLException {
    int i = 0;
    ps.setString(++i, doc);
    ps.setString(++i, a.id());
    ps.setString(++i, a.site());
    ps.setObject(++i, Jdbc.timestamp(a.time()));
    ps.setString(++i, a.resource());
    ps.setString(++i, a.probableCause());
    ps.setString(++i, a.specificProblem());
    ps.setString(++i, a.eventType().name());
    ps.setString(++i, a.perceivedSeverity().name());
    ps.setString(++i, a.state().name());
    ps.setString(++i, a.ackState().name());
    ps.setBoolean(++i, a.rootCause());
    ps.setString(++i, a.parentAlarmId());
    ps.setArray(++i, c.createArrayOf("text", a.correlatedAlarmIds().toArray(String[]::new)));
    ps.setObject(++i, Jdbc.timestamp(a.raisedTime()));
    ps.setObject(++i, Jdbc.timestamp(a.clearedTime()));
    ps.setInt(++i, a.count());
    ps.setString(++i, a.source());
    ps.setString(++i, a.id());
    ps.setObject(++i, Jdbc.timestamp(a.time()));
    ps.setString(++i, a.state().name());
    ps.setString(++i, a.perceivedSeverity().name());
    ps.setString(++i, a.id());
  }

  List<Alarm> current(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SELECT_CURRENT)) {
      return docs(ps);
    }
  }

  List<Alarm> history(Connection c, String alarmId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SELECT_HISTORY)) {
      ps.setString(1, alarmId);
      return docs(ps);
    }
  }

  private static List<Alarm> docs(PreparedStatement ps) throws SQLException {
    List<Alarm> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(Docs.decode(rs.getString(1), Alarm.class));
      }
    }
    return out;
  }
}
