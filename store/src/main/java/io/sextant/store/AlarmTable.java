package io.sextant.store;

import io.sextant.common.codec.IsoInstant;
import io.sextant.common.codec.JsonCodec;
import io.sextant.common.model.Alarm;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
 * Documents are the codec's text and compare byte by byte: the codec writes one spelling for one
 * alarm ({@code V10__alarm_docs_as_text.sql} says why they are not jsonb).
 *
 * <p>{@link #append} is the write without these rules, for a writer that knows none of its changes
 * is a redelivery: the rules' look-ups (the stored row and the history, a change) cost about a fifth
 * of PostgreSQL's CPU a change.
 */
final class AlarmTable {
  /**
   * One statement per batch. The batch is bound column by column, one array a column (one element
   * a change, in batch order; {@code unnest ... WITH ORDINALITY} numbers them), filled from the
   * {@link Alarm} records on this side: the server no longer reads the columns out of the documents
   * ({@code jsonb_to_record}, and taking a JSON array of the batch apart, cost it ~6 µs a change;
   * docs/benchmarks-alarms.md). The arrays go in PgJDBC's binary array format, so the server
   * neither lexes nor unquotes them. Each document goes in as the codec's bytes, stored as text
   * unparsed; only the labels, a small object of their own, are parsed into jsonb. The columns
   * hold what the document says: enum names as the codec writes them, times as the codec's
   * ISO-8601 text through the same {@code timestamptz} input (so rounding to microseconds is
   * unchanged); {@code AlarmColumnsIT} compares the two. Then, set-based:
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
   *       scan of the alarm's whole history. That check is a scalar subquery inside the
   *       {@code OR}, so it runs only for a change the first rule does not append (a redelivery,
   *       a late older state), not for every change. The lookups are {@code LIMIT 1} subqueries
   *       rather than joins or {@code NOT EXISTS}: the server keeps a prepared statement's generic
   *       plan, and one made while the tables were small chose a hash join over a scan of the whole
   *       history, kept as the table grew.
   * </ul>
   *
   * <p>{@code correlated_alarm_ids} is a list a change, and an array of arrays must be
   * rectangular: each change's list goes as one array literal, read with the array input. (Slices
   * of one array of all the batch's ids were tried: the server finds a slice of variable-length
   * elements by walking the array from its start, so a batch of many long lists costs the square.)
   *
   * <p>The rows that go through the window sorts carry one document each: the stored row's document
   * is compared where it is read (whether it differs from the change's) instead of being carried
   * along, which made every sorted row twice as wide (docs/benchmarks-alarms.md).
   *
   * <p>The history check reads the statement's snapshot, not the row the upsert locked, so two
   * <em>processes</em> writing the same alarm at the same instant could both append one document.
   * One engine writes through one thread (the centre runs active/standby), so this does not arise.
   */
  private static final String WRITE = "WITH " + input("") + """
      last AS (SELECT DISTINCT ON (id) * FROM input ORDER BY id, time DESC, ord DESC),
      upserted AS (""" + upsert("last", "alarms.time <= excluded.time AND alarms.doc IS DISTINCT FROM excluded.doc") + """
      ),
      -- Each change as a change-by-change write would see it: whether it is no older than the
      -- current state then (eligible), and whether it changes it (a different document).
      seen AS MATERIALIZED (
        SELECT i.ord, i.id, i.time, i.state, i.perceived_severity, i.doc,
            coalesce(i.time >= greatest(c.stored_time, max(i.time) OVER earlier), true) AS eligible,
            row_number() OVER (PARTITION BY i.id, i.time, i.doc ORDER BY i.ord) = 1 AS first_in_batch,
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
      SELECT m.id, m.time, m.state, m.perceived_severity, m.doc FROM marked m
      LEFT JOIN seen b ON b.ord = m.before_ord
      WHERE (m.eligible AND CASE WHEN m.before_ord IS NULL THEN coalesce(m.stored_differs, true)
            ELSE m.doc IS DISTINCT FROM b.doc END)
         OR (m.first_in_batch AND (SELECT 1 FROM alarm_history h
            WHERE h.alarm_id = m.id AND h.time = m.time AND h.doc = m.doc LIMIT 1) IS NULL)
      ORDER BY m.ord""";

  /**
   * {@link #append}'s statement: the batch bound as {@link #WRITE}'s, plus whether each change is
   * the last of its alarm in the batch. No redelivery rules, so no window over the batch and no
   * look-up of the stored row or history a change: the last change of each alarm replaces its
   * current state unless the stored one is newer, and every change is appended, in batch order.
   * About a fifth of PostgreSQL's CPU a change less than {@link #WRITE} (docs/benchmarks-alarms.md).
   */
  private static final String APPEND = "WITH " + input(", ?::boolean[]") + """
      upserted AS (""" + upsert("input WHERE last", "alarms.time <= excluded.time") + """
      )
      INSERT INTO alarm_history (alarm_id, time, state, severity, doc)
      SELECT id, time, state, perceived_severity, doc FROM input ORDER BY ord""";

  /**
   * The {@code input} CTE: the bound arrays as rows, numbered in batch order ({@code ord}), and
   * typed; {@code extra} binds one more array, {@code last}.
   */
  private static String input(String extra) {
    return """
        input AS MATERIALIZED (
          SELECT u.ord, u.id, u.site, u.at::timestamptz AS time, u.resource, u.probable_cause, u.specific_problem,
              u.event_type, u.perceived_severity, u.state, u.ack_state, u.is_root_cause, u.parent_alarm_id,
              u.correlated::text[] AS correlated_alarm_ids,
              u.raised::timestamptz AS raised_time, u.cleared::timestamptz AS cleared_time, u.count, u.source,
              convert_from(u.labels, 'UTF8')::jsonb AS labels, convert_from(u.doc, 'UTF8') AS doc%s
          FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
              ?::text[], ?::text[], ?::boolean[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[],
              ?::bytea[], ?::bytea[]%s) WITH ORDINALITY
            AS u(id, site, at, resource, probable_cause, specific_problem, event_type, perceived_severity, state,
              ack_state, is_root_cause, parent_alarm_id, correlated, raised, cleared, count, source, labels, doc,
              %sord)),
        """.formatted(extra.isEmpty() ? "" : ", u.last", extra, extra.isEmpty() ? "" : "last, ");
  }

  /** The upsert of the current states selected {@code from}, replacing a stored one {@code where}. */
  private static String upsert(String from, String where) {
    return """
          INSERT INTO alarms (id, site, time, resource, probable_cause, specific_problem, event_type,
              perceived_severity, state, ack_state, is_root_cause, parent_alarm_id, correlated_alarm_ids,
              raised_time, cleared_time, count, source, labels, doc)
          SELECT id, site, time, resource, probable_cause, specific_problem, event_type, perceived_severity,
              state, ack_state, is_root_cause, parent_alarm_id, correlated_alarm_ids,
              raised_time, cleared_time, count, source, labels, doc
          FROM %s
          ON CONFLICT (id) DO UPDATE SET
              site = excluded.site, time = excluded.time, resource = excluded.resource,
              probable_cause = excluded.probable_cause, specific_problem = excluded.specific_problem,
              event_type = excluded.event_type, perceived_severity = excluded.perceived_severity,
              state = excluded.state, ack_state = excluded.ack_state, is_root_cause = excluded.is_root_cause,
              parent_alarm_id = excluded.parent_alarm_id, correlated_alarm_ids = excluded.correlated_alarm_ids,
              raised_time = excluded.raised_time, cleared_time = excluded.cleared_time, count = excluded.count,
              source = excluded.source, labels = excluded.labels, doc = excluded.doc
          WHERE %s""".formatted(from, where);
  }

  private static final String SELECT_CURRENT = "SELECT doc FROM alarms ORDER BY raised_time, id";
  private static final String SELECT_HISTORY =
      "SELECT doc FROM alarm_history WHERE alarm_id = ? ORDER BY time, seq";

  /**
   * Writes the changes as one statement, with the effect of writing them one by one in order; the
   * caller commits.
   *
   * @param docs each change's JSON as the codec encodes it (null, or a null entry: encoded here);
   *     the columns are taken from the change itself, so a document must encode its change
   */
  void write(Connection c, List<Alarm> changes, List<byte[]> docs) throws SQLException {
    execute(c, WRITE, columns(changes, docs));
  }

  /**
   * Writes changes that are known not to be redeliveries ({@code Store.appendAlarms}): each is
   * appended to its alarm's history, and the last of each alarm in the batch becomes its current
   * state unless the stored state has a newer {@code time}. The caller commits.
   */
  void append(Connection c, List<Alarm> changes, List<byte[]> docs) throws SQLException {
    int n = changes.size();
    boolean[] last = new boolean[n];
    Set<String> later = new HashSet<>();
    for (int i = n - 1; i >= 0; i--) {
      last[i] = later.add(changes.get(i).id());
    }
    List<Object> columns = columns(changes, docs);
    columns.add(last);
    execute(c, APPEND, columns);
  }

  /** The batch as the statements bind it: one array a column, one element a change. */
  private static List<Object> columns(List<Alarm> changes, List<byte[]> docs) {
    int n = changes.size();
    String[] id = new String[n];
    String[] site = new String[n];
    String[] time = new String[n];
    String[] resource = new String[n];
    String[] probableCause = new String[n];
    String[] specificProblem = new String[n];
    String[] eventType = new String[n];
    String[] severity = new String[n];
    String[] state = new String[n];
    String[] ackState = new String[n];
    boolean[] rootCause = new boolean[n];
    String[] parent = new String[n];
    String[] correlated = new String[n];
    String[] raised = new String[n];
    String[] cleared = new String[n];
    int[] count = new int[n];
    String[] source = new String[n];
    byte[][] labels = new byte[n][];
    byte[][] doc = new byte[n][];
    for (int i = 0; i < n; i++) {
      Alarm a = changes.get(i);
      byte[] encoded = docs == null ? null : docs.get(i);
      id[i] = a.id();
      site[i] = a.site();
      // Instant.toString's text (ISO_INSTANT), the codec's spelling: the server rounds it as before.
      time[i] = IsoInstant.format(a.time());
      resource[i] = a.resource();
      probableCause[i] = a.probableCause();
      specificProblem[i] = a.specificProblem();
      // Enum names: what the codec writes, and what the columns held when read from the document.
      eventType[i] = a.eventType().name();
      severity[i] = a.perceivedSeverity().name();
      state[i] = a.state().name();
      ackState[i] = a.ackState().name();
      rootCause[i] = a.rootCause();
      parent[i] = a.parentAlarmId();
      correlated[i] = arrayLiteral(a.correlatedAlarmIds());
      raised[i] = IsoInstant.format(a.raisedTime());
      cleared[i] = a.clearedTime() == null ? null : IsoInstant.format(a.clearedTime());
      count[i] = a.count();
      source[i] = a.source();
      labels[i] = JsonCodec.get().encode(a.labels());
      doc[i] = encoded != null ? encoded : JsonCodec.get().encode(a);
    }
    return new ArrayList<>(List.of(id, site, time, resource, probableCause, specificProblem, eventType, severity,
        state, ackState, rootCause, parent, correlated, raised, cleared, count, source, labels, doc));
  }

  private static void execute(Connection c, String sql, List<Object> columns) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      // Java arrays, not Connection.createArrayOf: PgJDBC sends these element types (String,
      // boolean, int, byte[]) in the binary array format; a java.sql.Array goes as array text to
      // parse. The documents go as bytea, the codec's UTF-8 bytes as they are (as text they would
      // be decoded into Java strings and encoded back); convert_from checks them as UTF-8 and
      // converts them to the database's encoding, as text input did.
      int p = 1;
      for (Object column : columns) {
        ps.setObject(p++, column);
      }
      ps.executeUpdate();
    }
  }

  /**
   * A text array literal of the ids, every element quoted (so an id such as {@code NULL}, or one
   * with spaces, commas or braces, reads back as itself), with {@code "} and {@code \} escaped.
   */
  private static String arrayLiteral(List<String> ids) {
    if (ids.isEmpty()) {
      return "{}";
    }
    StringBuilder out = new StringBuilder(2 + ids.size() * 24).append('{');
    for (String id : ids) {
      if (out.length() > 1) {
        out.append(',');
      }
      out.append('"');
      for (int i = 0; i < id.length(); i++) {
        char ch = id.charAt(i);
        if (ch == '"' || ch == '\\') {
          out.append('\\');
        }
        out.append(ch);
      }
      out.append('"');
    }
    return out.append('}').toString();
  }

  /** Every alarm's current state, each open one listing its open symptoms ({@link SymptomLinks}). */
  List<Alarm> current(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SELECT_CURRENT)) {
      return SymptomLinks.relinked(docs(ps), true);
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
