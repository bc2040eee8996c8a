package io.sextant.store;

import io.sextant.common.model.Action;
import io.sextant.common.model.ActionEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit log: one row per action lifecycle step, in the order the store recorded them
 * ({@code seq}), which for one action is the order its steps happened. A redelivered step keeps
 * its first position.
 */
final class AuditLogTable {
  private static final String INSERT = """
      INSERT INTO audit_log (id, time, site, action_id, runbook, kind, target, state, detail, doc)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
      ON CONFLICT (id) DO NOTHING""";

  private static final String SELECT_ALL = "SELECT doc FROM audit_log ORDER BY seq";

  void write(Connection c, ActionEvent e) throws SQLException {
    Action a = e.action();
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      int i = 0;
      ps.setString(++i, e.id());
      ps.setObject(++i, Jdbc.timestamp(e.time()));
      ps.setString(++i, e.site());
      ps.setString(++i, a.id());
      ps.setString(++i, a.runbook());
      ps.setString(++i, a.kind().name());
      ps.setString(++i, a.target());
      ps.setString(++i, e.state().name());
      ps.setString(++i, e.detail());
      ps.setString(++i, Docs.encode(e));
      ps.executeUpdate();
    }
  }

  List<ActionEvent> all(Connection c) throws SQLException {
    List<ActionEvent> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(SELECT_ALL);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(Docs.decode(rs.getString(1), ActionEvent.class));
      }
    }
    return out;
  }
}
