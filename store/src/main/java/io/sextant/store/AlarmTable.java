package io.sextant.store;

import io.sextant.common.model.Alarm;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
   * One change: the upsert, and the history row when the upsert changed the current state or no
   * identical document is in the history yet.
   *
   * <p>The history check reads the statement's snapshot, not the row the upsert locked, so two
   * <em>processes</em> writing the same alarm at the same instant could both append one document.
   * One engine writes through one thread (the centre runs active/standby), so this does not arise.
   */
  private static final String WRITE = """
      WITH upserted AS (
        INSERT INTO alarms (id, site, time, resource, probable_cause, specific_problem, event_type,
            perceived_severity, state, ack_state, is_root_cause, parent_alarm_id, correlated_alarm_ids,
            raised_time, cleared_time, count, source, labels, doc)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)
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
      SELECT ?, ?, ?, ?, ?::jsonb
      WHERE EXISTS (SELECT 1 FROM upserted)
         OR NOT EXISTS (SELECT 1 FROM alarm_history WHERE alarm_id = ? AND doc = ?::jsonb)""";

  private static final String SELECT_CURRENT = "SELECT doc FROM alarms ORDER BY raised_time, id";
  private static final String SELECT_HISTORY =
      "SELECT doc FROM alarm_history WHERE alarm_id = ? ORDER BY time, seq";

  /** The current state, many rows a statement: same columns and rule as {@link #WRITE}'s upsert. */
  private static final String UPSERT_HEAD = """
      INSERT INTO alarms (id, site, time, resource, probable_cause, specific_problem, event_type,
          perceived_severity, state, ack_state, is_root_cause, parent_alarm_id, correlated_alarm_ids,
          raised_time, cleared_time, count, source, labels, doc)
      VALUES """;
  private static final String UPSERT_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)";
  private static final String UPSERT_TAIL = """
       ON CONFLICT (id) DO UPDATE SET
          site = excluded.site, time = excluded.time, resource = excluded.resource,
          probable_cause = excluded.probable_cause, specific_problem = excluded.specific_problem,
          event_type = excluded.event_type, perceived_severity = excluded.perceived_severity,
          state = excluded.state, ack_state = excluded.ack_state, is_root_cause = excluded.is_root_cause,
          parent_alarm_id = excluded.parent_alarm_id, correlated_alarm_ids = excluded.correlated_alarm_ids,
          raised_time = excluded.raised_time, cleared_time = excluded.cleared_time, count = excluded.count,
          source = excluded.source, labels = excluded.labels, doc = excluded.doc
      WHERE alarms.time <= excluded.time AND alarms.doc IS DISTINCT FROM excluded.doc""";
  private static final String HISTORY_HEAD = """
      INSERT INTO alarm_history (alarm_id, time, state, severity, doc)
      SELECT v.alarm_id, v.time, v.state, v.severity, v.doc FROM (VALUES """;
  private static final String HISTORY_ROW = "(?, ?::timestamptz, ?, ?, ?::jsonb, ?::int)";
  private static final String HISTORY_TAIL = """
      ) AS v(alarm_id, time, state, severity, doc, ord)
      WHERE NOT EXISTS (SELECT 1 FROM alarm_history h WHERE h.alarm_id = v.alarm_id AND h.doc = v.doc)
      ORDER BY v.ord""";
  /** Rows a multi-row statement takes at most (19 parameters a row, under PostgreSQL's 65,535). */
  static final int MAX_ROWS = 2_000;

  /**
   * Writes the changes in order; the caller commits. One change is one statement ({@link #WRITE}).
   * More are two statements whatever their number, which is what makes a group commit cheap: the
   * current table takes each alarm's last change of the batch (the engine's order is time order),
   * and the history each distinct document of the batch that it does not hold yet, in order. This
   * differs from writing them one at a time only for an alarm that returns, within the batch or
   * later, to a document identical in every field (time and count included) to one already in its
   * history: one at a time appends it again, a batch does not.
   */
  void write(Connection c, List<Alarm> changes) throws SQLException {
    if (changes.size() == 1) {
      try (PreparedStatement ps = c.prepareStatement(WRITE)) {
        bind(c, ps, changes.get(0));
        ps.executeUpdate();
      }
      return;
    }
    for (int from = 0; from < changes.size(); from += MAX_ROWS) {
      writeMany(c, changes.subList(from, Math.min(changes.size(), from + MAX_ROWS)));
    }
  }

  private void writeMany(Connection c, List<Alarm> changes) throws SQLException {
    Map<String, Alarm> latest = new LinkedHashMap<>();
    Map<Alarm, String> docs = new java.util.IdentityHashMap<>();
    Set<String> distinct = new HashSet<>();
    List<Alarm> history = new ArrayList<>();
    for (Alarm a : changes) {
      latest.remove(a.id());
      latest.put(a.id(), a);
      String doc = Docs.encode(a);
      docs.put(a, doc);
      if (distinct.add(a.id() + '\u0000' + doc)) {
        history.add(a);
      }
    }
    try (PreparedStatement ps = c.prepareStatement(UPSERT_HEAD + rows(UPSERT_ROW, latest.size()) + UPSERT_TAIL)) {
      int i = 0;
      for (Alarm a : latest.values()) {
        i = bindCurrent(c, ps, i, a, docs.get(a));
      }
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement(HISTORY_HEAD + rows(HISTORY_ROW, history.size()) + HISTORY_TAIL)) {
      int i = 0;
      int order = 0;
      for (Alarm a : history) {
        ps.setString(++i, a.id());
        ps.setObject(++i, Jdbc.timestamp(a.time()));
        ps.setString(++i, a.state().name());
        ps.setString(++i, a.perceivedSeverity().name());
        ps.setString(++i, docs.get(a));
        ps.setInt(++i, order++);
      }
      ps.executeUpdate();
    }
  }

  private static String rows(String row, int n) {
    StringBuilder sql = new StringBuilder(n * (row.length() + 2));
    for (int i = 0; i < n; i++) {
      sql.append(i == 0 ? "" : ",\n").append(row);
    }
    return sql.toString();
  }

  private static void bind(Connection c, PreparedStatement ps, Alarm a) throws SQLException {
    String doc = Docs.encode(a);
    int i = bindCurrent(c, ps, 0, a, doc);
    ps.setString(++i, a.id());
    ps.setObject(++i, Jdbc.timestamp(a.time()));
    ps.setString(++i, a.state().name());
    ps.setString(++i, a.perceivedSeverity().name());
    ps.setString(++i, doc);
    ps.setString(++i, a.id());
    ps.setString(++i, doc);
  }

  /** The 19 columns of {@code alarms}, from parameter {@code i + 1}; returns the last index set. */
  private static int bindCurrent(Connection c, PreparedStatement ps, int i, Alarm a, String doc) throws SQLException {
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
    ps.setString(++i, Docs.encode(a.labels()));
    ps.setString(++i, doc);
    return i;
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
