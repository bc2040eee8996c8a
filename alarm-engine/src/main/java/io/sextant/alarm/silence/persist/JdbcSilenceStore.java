package io.sextant.alarm.silence.persist;

import io.sextant.alarm.persist.Transactions;
import io.sextant.alarm.silence.MaintenanceWindow;
import io.sextant.alarm.silence.Silence;
import io.sextant.alarm.silence.SilenceStore;
import io.sextant.common.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Silences and maintenance windows in PostgreSQL (tables {@code alarm_suppressions} and
 * {@code alarm_suppression_history}, migration {@code V5}), on the store's pool (e.g.
 * {@code PostgresStore.dataSource()}). Each call is one transaction: the current row and its
 * history entry are written together or not at all. Failures throw {@link StoreException}
 * (retryable when the server could not be reached). Thread-safe.
 */
public final class JdbcSilenceStore implements SilenceStore {
  private static final String UPSERT = """
      INSERT INTO alarm_suppressions (id, kind, doc, created_at, updated_at) VALUES (?, ?, ?::jsonb, ?, ?)
      ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, doc = excluded.doc, updated_at = excluded.updated_at
      WHERE alarm_suppressions.doc IS DISTINCT FROM excluded.doc
      RETURNING id""";
  private static final String APPEND = """
      INSERT INTO alarm_suppression_history (suppression_id, kind, action, by_user, at, doc)
      VALUES (?, ?, ?, ?, ?, ?::jsonb)""";
  private static final String SILENCE = "SILENCE";
  private static final String WINDOW = "MAINTENANCE";

  private final Transactions tx;

  public JdbcSilenceStore(DataSource pool) {
    this.tx = new Transactions(Objects.requireNonNull(pool, "pool"));
  }

  @Override
  public List<Silence> silences() {
    return tx.run("read silences", c -> docs(c, SILENCE).stream().map(SuppressionDocs::silence).toList());
  }

  @Override
  public List<MaintenanceWindow> windows() {
    return tx.run("read maintenance windows",
        c -> docs(c, WINDOW).stream().map(SuppressionDocs::window).toList());
  }

  @Override
  public void save(Silence silence, Action action, String by, Instant at) {
    String doc = SuppressionDocs.encode(silence);
    tx.run("save silence " + silence.id(), c -> {
      upsert(c, silence.id(), SILENCE, doc, at);
      append(c, silence.id(), SILENCE, action, by, at, doc);
      return null;
    });
  }

  @Override
  public boolean save(MaintenanceWindow window, String by, Instant at) {
    String doc = SuppressionDocs.encode(window);
    return tx.run("save maintenance window " + window.id(), c -> {
      boolean existed = exists(c, window.id());
      if (!upsert(c, window.id(), WINDOW, doc, at)) {
        return false;
      }
      append(c, window.id(), WINDOW, existed ? Action.CHANGED : Action.CREATED, by, at, doc);
      return true;
    });
  }

  @Override
  public boolean remove(String windowId, String by, Instant at) {
    return tx.run("remove maintenance window " + windowId, c -> {
      String doc;
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM alarm_suppressions WHERE id = ? AND kind = 'MAINTENANCE' RETURNING doc::text")) {
        ps.setString(1, windowId);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return false;
          }
          doc = rs.getString(1);
        }
      }
      append(c, windowId, WINDOW, Action.REMOVED, by, at, doc);
      return true;
    });
  }

  @Override
  public List<Entry> history() {
    return tx.run("read suppression history", c -> {
      List<Entry> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT suppression_id, kind, action, by_user, at, doc::text FROM alarm_suppression_history ORDER BY seq");
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          boolean silence = rs.getString(2).equals(SILENCE);
          String doc = rs.getString(6);
          out.add(new Entry(rs.getString(1), silence, Action.valueOf(rs.getString(3)), rs.getString(4),
              rs.getTimestamp(5).toInstant(), silence ? SuppressionDocs.silence(doc) : SuppressionDocs.window(doc)));
        }
      }
      return out;
    });
  }

  private static boolean upsert(Connection c, String id, String kind, String doc, Instant at) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
      ps.setString(1, id);
      ps.setString(2, kind);
      ps.setString(3, doc);
      ps.setTimestamp(4, Timestamp.from(at));
      ps.setTimestamp(5, Timestamp.from(at));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static boolean exists(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM alarm_suppressions WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static void append(Connection c, String id, String kind, Action action, String by, Instant at, String doc)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(APPEND)) {
      ps.setString(1, id);
      ps.setString(2, kind);
      ps.setString(3, action.name());
      ps.setString(4, by);
      ps.setTimestamp(5, Timestamp.from(at));
      ps.setString(6, doc);
      ps.executeUpdate();
    }
  }

  private static List<String> docs(Connection c, String kind) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT doc::text FROM alarm_suppressions WHERE kind = ? ORDER BY ord")) {
      ps.setString(1, kind);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }
}
