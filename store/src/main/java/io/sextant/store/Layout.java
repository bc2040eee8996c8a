package io.sextant.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How the samples are laid out: TimescaleDB (hypertable, continuous aggregates, policies run by
 * TimescaleDB's job scheduler) when the extension is available, else native daily partitions and
 * rollup tables maintained by Sextant. Chosen once by migration V2 and recorded in
 * {@code store_layout}; the tables readers see ({@code samples}, {@code samples_1m},
 * {@code samples_1h}) have the same names and columns in both.
 */
public enum Layout {
  NATIVE,
  TIMESCALEDB;

  /** True when the server can load TimescaleDB (installed in this database or available to install). */
  static boolean timescaleAvailable(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')
            OR EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb')""");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /** The layout recorded by the migration. */
  static Layout recorded(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT layout FROM store_layout");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("store_layout is empty: the V2 migration did not record the layout");
      }
      return Layout.valueOf(rs.getString(1));
    }
  }
}
