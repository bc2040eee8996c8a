package io.sextant.store;

import io.sextant.common.model.Diagnosis;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Diagnoses, idempotent on the diagnosis id; read back from the stored document. */
final class DiagnosisTable {
  private static final String INSERT = """
      INSERT INTO diagnoses (id, site, time, kind, target, confidence, doc)
      VALUES (?, ?, ?, ?, ?, ?, ?::jsonb)
      ON CONFLICT (id) DO NOTHING""";

  private static final String SELECT_ALL = "SELECT doc FROM diagnoses ORDER BY time, id";

  void write(Connection c, Diagnosis d) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      int i = 0;
      ps.setString(++i, d.id());
      ps.setString(++i, d.site());
      ps.setObject(++i, Jdbc.timestamp(d.time()));
      ps.setString(++i, d.kind().name());
      ps.setString(++i, d.target());
      ps.setDouble(++i, d.confidence());
      ps.setString(++i, Docs.encode(d));
      ps.executeUpdate();
    }
  }

  List<Diagnosis> all(Connection c) throws SQLException {
    List<Diagnosis> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(SELECT_ALL);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(Docs.decode(rs.getString(1), Diagnosis.class));
      }
    }
    return out;
  }
}
