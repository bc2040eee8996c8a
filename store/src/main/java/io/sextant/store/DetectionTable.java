package io.sextant.store;

import io.sextant.common.model.Detection;
import io.sextant.common.model.Severity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Detections, one row per transition, idempotent on the detection id. Stored as columns only (no
 * document): every field of {@link Detection} has its column, and {@code expected} may be NaN,
 * which float8 keeps but JSON cannot.
 */
final class DetectionTable {
  private static final String INSERT = """
      INSERT INTO detections (id, site, time, detector, metric, labels, resource, state, observed, expected, score,
        severity)
      VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO NOTHING""";

  private static final String SELECT_ALL = """
      SELECT id, site, time, detector, metric, labels, resource, state, observed, expected, score, severity
      FROM detections ORDER BY time, id""";

  private static final String SELECT_SINCE = """
      SELECT id, site, time, detector, metric, labels, resource, state, observed, expected, score, severity
      FROM detections WHERE time >= ? ORDER BY time, id""";
  private static final String SELECT_RANGE = """
      SELECT id, site, time, detector, metric, labels, resource, state, observed, expected, score, severity
      FROM detections WHERE site = ? AND metric = ? AND time >= ? AND time < ? ORDER BY time, id""";

  void write(Connection c, Detection d) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      int i = 0;
      ps.setString(++i, d.id());
      ps.setString(++i, d.site());
      ps.setObject(++i, Jdbc.timestamp(d.time()));
      ps.setString(++i, d.detector());
      ps.setString(++i, d.metric());
      ps.setString(++i, Docs.encode(d.labels()));
      ps.setString(++i, d.resource());
      ps.setString(++i, d.state().name());
      ps.setDouble(++i, d.observed());
      ps.setDouble(++i, d.expected());
      ps.setDouble(++i, d.score());
      ps.setString(++i, d.severity() == null ? null : d.severity().name());
      ps.executeUpdate();
    }
  }

  private static Severity severity(String name) {
    return name == null ? null : Severity.valueOf(name);
  }

  List<Detection> all(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SELECT_ALL)) {
      return rows(ps);
    }
  }

  List<Detection> since(Connection c, Instant since) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SELECT_SINCE)) {
      ps.setObject(1, Jdbc.timestamp(since));
      return rows(ps);
    }
  }

  /** One site's detections of one metric in [from, to), oldest first. */
  List<Detection> of(Connection c, String site, String metric, Instant from, Instant to) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SELECT_RANGE)) {
      ps.setString(1, site);
      ps.setString(2, metric);
      ps.setObject(3, Jdbc.timestamp(from));
      ps.setObject(4, Jdbc.timestamp(to));
      return rows(ps);
    }
  }

  private static List<Detection> rows(PreparedStatement ps) throws SQLException {
    List<Detection> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new Detection(
            rs.getString("id"),
            rs.getString("site"),
            Jdbc.instant(rs, "time"),
            rs.getString("detector"),
            rs.getString("metric"),
            Docs.labels(rs.getString("labels")),
            rs.getString("resource"),
            Detection.State.valueOf(rs.getString("state")),
            rs.getDouble("observed"),
            rs.getDouble("expected"),
            rs.getDouble("score"),
            severity(rs.getString("severity"))));
      }
    }
    return out;
  }
}
