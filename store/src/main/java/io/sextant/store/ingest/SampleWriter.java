package io.sextant.store.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Writes sample rows idempotently with binary COPY: COPY into the session's temporary staging
 * table (unlogged by nature, emptied at commit), then one statement moves the rows into
 * {@code samples}, skipping keys already there, and, on the native layout, adds exactly the rows
 * inserted to the 1-minute and 1-hour rollups in the same statement. So a redelivered row counts
 * neither in the samples nor in the rollups, and a late row lands in its partition and its
 * buckets. Runs on the caller's connection and transaction; the caller commits.
 */
public final class SampleWriter {
  static final String STAGE = """
      CREATE TEMP TABLE IF NOT EXISTS samples_stage (
          series_id bigint NOT NULL, time timestamptz NOT NULL, value double precision NOT NULL
      ) ON COMMIT DELETE ROWS""";

  static final String COPY = "COPY samples_stage (series_id, time, value) FROM STDIN (FORMAT binary)";

  /** Keys in order, so two writers with overlapping keys lock them in the same order (no deadlock). */
  static final String MOVE_PLAIN = """
      WITH ins AS (
        INSERT INTO samples (series_id, time, value)
        SELECT series_id, time, value FROM samples_stage ORDER BY series_id, time
        ON CONFLICT (series_id, time) DO NOTHING
        RETURNING 1)
      SELECT count(*) FROM ins""";

  static final String MOVE_WITH_ROLLUPS = """
      WITH ins AS (
        INSERT INTO samples (series_id, time, value)
        SELECT series_id, time, value FROM samples_stage ORDER BY series_id, time
        ON CONFLICT (series_id, time) DO NOTHING
        RETURNING series_id, time, value),
      m AS (%s),
      h AS (%s)
      SELECT count(*) FROM ins""".formatted(rollupUpsert("samples_1m", "1 minute"), rollupUpsert("samples_1h", "1 hour"));

  private final boolean rollups;

  /** {@code rollups}: maintain the native rollup tables (false on TimescaleDB, where aggregates do it). */
  public SampleWriter(boolean rollups) {
    this.rollups = rollups;
  }

  static String rollupUpsert(String table, String width) {
    return "INSERT INTO " + table + " AS r (series_id, bucket, count, sum, min, max)\n"
        + "  SELECT series_id, date_bin(INTERVAL '" + width + "', time, TIMESTAMPTZ '2000-01-01 00:00:00+00'),"
        + " count(*), sum(value), min(value), max(value)\n"
        + "  FROM ins GROUP BY 1, 2 ORDER BY 1, 2\n"
        + "  ON CONFLICT (series_id, bucket) DO UPDATE SET count = r.count + EXCLUDED.count,"
        + " sum = r.sum + EXCLUDED.sum, min = least(r.min, EXCLUDED.min), max = greatest(r.max, EXCLUDED.max)";
  }

  /**
   * Copies {@code count} rows and moves them into {@code samples}; returns the rows inserted (the
   * rest were already stored). The daily partitions of the rows' days must exist.
   */
  public int write(Connection c, long[] seriesIds, Instant[] times, double[] values, int count) throws SQLException {
    if (count == 0) {
      return 0;
    }
    try (Statement st = c.createStatement()) {
      st.execute(STAGE);
    }
    copy(c, COPY, BinaryCopyEncoder.encode(seriesIds, times, values, count));
    try (PreparedStatement ps = c.prepareStatement(rollups ? MOVE_WITH_ROLLUPS : MOVE_PLAIN);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** Runs a COPY ... FROM STDIN with the given payload on the pooled connection's driver connection. */
  public static long copy(Connection c, String copySql, byte[] payload) throws SQLException {
    CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
    try {
      return copy.copyIn(copySql, new ByteArrayInputStream(payload), 1 << 16);
    } catch (IOException e) {
      // Reading a byte array cannot fail; an IOException here is the connection's.
      throw new SQLException("COPY failed: " + e.getMessage(), "08006", e);
    }
  }
}
