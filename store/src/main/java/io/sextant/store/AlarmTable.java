package io.sextant.store;

import io.sextant.common.codec.JsonCodec;
import io.sextant.common.model.Alarm;
import java.nio.charset.StandardCharsets;
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
   * One statement per batch. The batch is bound as one parameter, a JSON array of the changes'
   * documents, parsed into jsonb once; every column is read from the document (the codec's own
   * encoding of the change), so nothing is bound twice or encoded apart. Then, set-based:
   *
   * <ul>
   *   <li>the upsert takes, of each alarm's changes in the batch, the one a change-by-change write
   *       would leave current: the latest {@code time}, the last in batch order among equal times
   *       (each change replaces a current state no newer than itself, so the running maximum wins);
   *   <li>the history takes, in batch order (its {@code seq}), each change that a change-by-change
   *       write would append: one that replaces the current state then (no older than it, and a
   *       different document: window functions over the batch and the stored row), or one whose
   *       document is neither stored nor earlier in the batch. Identical documents have the same
   *       {@code time}, so the stored check is an index range on {@code (alarm_id, time)}, not a
   *       scan of the alarm's whole history. The lookups are lateral {@code LIMIT 1} subqueries
   *       rather than joins or {@code NOT EXISTS}: the server keeps a prepared statement's generic
   *       plan, and one made while the tables were small chose a hash join over a scan of the whole
   *       history, kept as the table grew.
   * </ul>
   *
   * <p>The rows that go through the window sorts carry one document each: the stored row's document
   * is compared where it is read (whether it differs from the change's) instead of being carried
   * along, which made every sorted row twice as wide (docs/benchmarks-alarms.md).
   *
   * <p>The history check reads the statement's snapshot, not the row the upsert locked, so two
   * <em>processes</em> writing the same alarm at the same instant could both append one document.
   * One engine writes through one thread (the centre runs active/standby), so this does not arise.
   */
  private static final String WRITE = """
      WITH input AS MATERIALIZED (
        SELECT e.ord, e.doc, r.*
        FROM jsonb_array_elements(?::jsonb) WITH ORDINALITY AS e(doc, ord)
        CROSS JOIN LATERAL jsonb_to_record(e.doc) AS r(id text, site text, "time" timestamptz, resource text,
            "probableCause" text, "specificProblem" text, "eventType" text, "perceivedSeverity" text, state text,
            "ackState" text, "isRootCause" boolean, "parentAlarmId" text, "correlatedAlarmIds" text[],
            "raisedTime" timestamptz, "clearedTime" timestamptz, count integer, source text)),
      last AS (SELECT DISTINCT ON (id) * FROM input ORDER BY id, "time" DESC, ord DESC),
      upserted AS (
        INSERT INTO alarms (id, site, time, resource, probable_cause, specific_problem, event_type,
            perceived_severity, state, ack_state, is_root_cause, parent_alarm_id, correlated_alarm_ids,
            raised_time, cleared_time, count, source, labels, doc)
        SELECT id, site, "time", resource, "probableCause", "specificProblem", "eventType", "perceivedSeverity",
            state, "ackState", "isRootCause", "parentAlarmId", coalesce("correlatedAlarmIds", '{}'),
            "raisedTime", "clearedTime", count, source, coalesce(doc -> 'labels', '{}'), doc
        FROM last
        ON CONFLICT (id) DO UPDATE SET
            site = excluded.site, time = excluded.time, resource = excluded.resource,
            probable_cause = excluded.probable_cause, specific_problem = excluded.specific_problem,
            event_type = excluded.event_type, perceived_severity = excluded.perceived_severity,
            state = excluded.state, ack_state = excluded.ack_state, is_root_cause = excluded.is_root_cause,
            parent_alarm_id = excluded.parent_alarm_id, correlated_alarm_ids = excluded.correlated_alarm_ids,
            raised_time = excluded.raised_time, cleared_time = excluded.cleared_time, count = excluded.count,
            source = excluded.source, labels = excluded.labels, doc = excluded.doc
        WHERE alarms.time <= excluded.time AND alarms.doc IS DISTINCT FROM excluded.doc),
      -- Each change as a change-by-change write would see it: whether it is no older than the
      -- current state then (eligible), and whether it changes it (a different document).
      seen AS MATERIALIZED (
        SELECT i.ord, i.id, i."time", i.state, i."perceivedSeverity", i.doc,
            coalesce(i."time" >= greatest(c.stored_time, max(i."time") OVER earlier), true) AS eligible,
            row_number() OVER (PARTITION BY i.id, i."time", i.doc ORDER BY i.ord) = 1 AS first_in_batch,
            c.stored_differs
        FROM input i
        LEFT JOIN LATERAL (SELECT a.time AS stored_time, a.doc IS DISTINCT FROM i.doc AS stored_differs
            FROM alarms a WHERE a.id = i.id LIMIT 1) c ON true
        WINDOW earlier AS (PARTITION BY i.id ORDER BY i.ord ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)),
      marked AS (
        SELECT s.*, max(CASE WHEN s.eligible THEN s.ord END)
            OVER (PARTITION BY s.id ORDER BY s.ord ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before_ord
        FROM seen s)
      INSERT INTO alarm_history (alarm_id, time, state, severity, doc)
      SELECT m.id, m."time", m.state, m."perceivedSeverity", m.doc FROM marked m
      LEFT JOIN seen b ON b.ord = m.before_ord
      LEFT JOIN LATERAL (SELECT 1 AS stored FROM alarm_history h
          WHERE h.alarm_id = m.id AND h.time = m."time" AND h.doc = m.doc LIMIT 1) h ON true
      WHERE (m.eligible AND CASE WHEN m.before_ord IS NULL THEN coalesce(m.stored_differs, true)
            ELSE m.doc IS DISTINCT FROM b.doc END)
         OR (m.first_in_batch AND h.stored IS NULL)
      ORDER BY m.ord""";

  private static final String SELECT_CURRENT = "SELECT doc FROM alarms ORDER BY raised_time, id";
  private static final String SELECT_HISTORY =
      "SELECT doc FROM alarm_history WHERE alarm_id = ? ORDER BY time, seq";

  /**
   * Writes the changes as one statement, with the effect of writing them one by one in order; the
   * caller commits.
   *
   * @param docs each change's JSON as the codec encodes it (null, or a null entry: encoded here)
   */
  void write(Connection c, List<Alarm> changes, List<byte[]> docs) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(WRITE)) {
      ps.setString(1, jsonArray(changes, docs));
      ps.executeUpdate();
    }
  }

  /** The documents as one JSON array, copied once. */
  private static String jsonArray(List<Alarm> changes, List<byte[]> docs) {
    byte[][] each = new byte[changes.size()][];
    int length = 2 + Math.max(0, changes.size() - 1);
    for (int i = 0; i < each.length; i++) {
      byte[] doc = docs == null ? null : docs.get(i);
      each[i] = doc != null ? doc : JsonCodec.get().encode(changes.get(i));
      length += each[i].length;
    }
    byte[] out = new byte[length];
    int at = 0;
    out[at++] = '[';
    for (int i = 0; i < each.length; i++) {
      if (i > 0) {
        out[at++] = ',';
      }
      System.arraycopy(each[i], 0, out, at, each[i].length);
      at += each[i].length;
    }
    out[at] = ']';
    return new String(out, StandardCharsets.UTF_8);
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
