package io.sextant.store.ingest;

import io.sextant.common.model.Sample;
import io.sextant.store.Docs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Writes prepared messages idempotently, on the caller's connection and transaction (the caller
 * commits). Idempotency is paid per message, not per row:
 *
 * <ol>
 *   <li>the messages' ids go into {@code ingest_ledger}; a message whose id is already there (a
 *       redelivery, an outbox re-send, a retry whose commit reply was lost) is skipped whole;
 *   <li>series not known to be stored get their row ({@code ON CONFLICT DO NOTHING});
 *   <li>the rows are binary-COPied straight into {@code samples}, under a savepoint;
 *   <li>only if that COPY meets a row already stored (the same sample in another message, or twice
 *       in one) or a deadlock, the savepoint is rolled back and the rows go the slow, per-row way:
 *       COPY into a temporary staging table, then {@code INSERT ... ON CONFLICT DO NOTHING} in key
 *       order;
 *   <li>on the native layout the minutes touched are appended to {@code rollup_dirty}, for the
 *       rollup refresher ({@link io.sextant.store.rollup.RollupRefresher}) to recompute.
 * </ol>
 *
 * <p>The rollups are not updated here: recomputing a minute from the data is idempotent by
 * construction, where adding increments in the ingest transaction cost 20 % of the ingest rate.
 */
public final class SampleWriter {
  /** What one write did. */
  public record Result(int inserted, int skippedMessages, boolean fallback, List<Long> newSeries) {}

  static final String CLAIM = """
      INSERT INTO ingest_ledger (message_id, samples)
      SELECT id, n FROM unnest(?::text[], ?::int[]) AS m(id, n) ORDER BY id
      ON CONFLICT (message_id) DO NOTHING
      RETURNING message_id""";

  static final String INSERT_SERIES = """
      INSERT INTO series (series_id, site, metric, labels)
      SELECT s.id, s.site, s.metric, s.labels::jsonb
      FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[]) AS s(id, site, metric, labels)
      ORDER BY s.id
      ON CONFLICT (series_id) DO NOTHING""";

  static final String DIRECT_COPY = "COPY samples (series_id, time, value) FROM STDIN (FORMAT binary)";

  static final String STAGE = """
      CREATE TEMP TABLE IF NOT EXISTS samples_stage (
          series_id bigint NOT NULL, time timestamptz NOT NULL, value double precision NOT NULL
      ) ON COMMIT DELETE ROWS""";

  static final String STAGE_COPY = "COPY samples_stage (series_id, time, value) FROM STDIN (FORMAT binary)";

  /** Keys in order, so two writers with overlapping keys lock them in the same order (no deadlock). */
  static final String MOVE = """
      INSERT INTO samples (series_id, time, value)
      SELECT series_id, time, value FROM samples_stage ORDER BY series_id, time
      ON CONFLICT (series_id, time) DO NOTHING""";

  static final String MARK_DIRTY = """
      INSERT INTO rollup_dirty (minute)
      SELECT TIMESTAMPTZ '2000-01-01 00:00:00+00' + m * INTERVAL '1 minute' FROM unnest(?::bigint[]) AS m""";

  private static final String UNIQUE_VIOLATION = "23505";
  private static final String DEADLOCK = "40P01";

  private final boolean rollups;

  /** {@code rollups}: log the minutes touched for the native rollups (false on TimescaleDB). */
  public SampleWriter(boolean rollups) {
    this.rollups = rollups;
  }

  /**
   * Writes the messages not already in the ledger. {@code knownSeries}: series ids whose row is
   * known to be stored (read only here; the caller adds {@link Result#newSeries()} after commit).
   * The daily partitions of the messages' days must exist.
   */
  public Result write(Connection c, List<IngestMessage> messages, Set<Long> knownSeries) throws SQLException {
    List<IngestMessage> claimed = claim(c, messages);
    if (claimed.isEmpty()) {
      return new Result(0, messages.size(), false, List.of());
    }
    List<Long> newSeries = insertSeries(c, claimed, knownSeries);
    Savepoint beforeCopy = c.setSavepoint();
    int inserted;
    boolean fallback = false;
    try {
      inserted = (int) copy(c, DIRECT_COPY, claimed);
      c.releaseSavepoint(beforeCopy);
    } catch (SQLException e) {
      if (!UNIQUE_VIOLATION.equals(e.getSQLState()) && !DEADLOCK.equals(e.getSQLState())) {
        throw e;
      }
      c.rollback(beforeCopy);
      inserted = staged(c, claimed);
      fallback = true;
    }
    if (rollups) {
      markDirty(c, claimed);
    }
    return new Result(inserted, messages.size() - claimed.size(), fallback, newSeries);
  }

  /** The messages to write: those without an id, and those whose id this transaction entered in the ledger. */
  static List<IngestMessage> claim(Connection c, List<IngestMessage> messages) throws SQLException {
    Map<String, IngestMessage> withId = new LinkedHashMap<>();
    List<IngestMessage> out = new ArrayList<>();
    for (IngestMessage m : messages) {
      if (m.id() == null) {
        out.add(m);
      } else {
        withId.putIfAbsent(m.id(), m); // the same message twice in one batch: once
      }
    }
    if (withId.isEmpty()) {
      return out;
    }
    String[] ids = withId.keySet().toArray(String[]::new);
    Integer[] counts = withId.values().stream().map(IngestMessage::count).toArray(Integer[]::new);
    try (PreparedStatement ps = c.prepareStatement(CLAIM)) {
      ps.setArray(1, c.createArrayOf("text", ids));
      ps.setArray(2, c.createArrayOf("int4", counts));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(withId.get(rs.getString(1)));
        }
      }
    }
    return out;
  }

  private static List<Long> insertSeries(Connection c, List<IngestMessage> messages, Set<Long> known)
      throws SQLException {
    Map<Long, Sample> fresh = new LinkedHashMap<>();
    for (IngestMessage m : messages) {
      for (Map.Entry<Long, Sample> e : m.series().entrySet()) {
        if (!known.contains(e.getKey())) {
          fresh.putIfAbsent(e.getKey(), e.getValue());
        }
      }
    }
    if (fresh.isEmpty()) {
      return List.of();
    }
    int n = fresh.size();
    Long[] ids = new Long[n];
    String[] sites = new String[n];
    String[] metrics = new String[n];
    String[] labels = new String[n];
    int i = 0;
    for (Map.Entry<Long, Sample> e : fresh.entrySet()) {
      ids[i] = e.getKey();
      sites[i] = e.getValue().site();
      metrics[i] = e.getValue().metric();
      labels[i] = Docs.encode(e.getValue().labels());
      i++;
    }
    try (PreparedStatement ps = c.prepareStatement(INSERT_SERIES)) {
      ps.setArray(1, c.createArrayOf("int8", ids));
      ps.setArray(2, c.createArrayOf("text", sites));
      ps.setArray(3, c.createArrayOf("text", metrics));
      ps.setArray(4, c.createArrayOf("text", labels));
      ps.executeUpdate();
    }
    return Arrays.asList(ids);
  }

  private static int staged(Connection c, List<IngestMessage> messages) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(STAGE);
    }
    copy(c, STAGE_COPY, messages);
    try (PreparedStatement ps = c.prepareStatement(MOVE)) {
      return ps.executeUpdate();
    }
  }

  private static void markDirty(Connection c, List<IngestMessage> messages) throws SQLException {
    Set<Long> minutes = new TreeSet<>();
    for (IngestMessage m : messages) {
      for (long minute : m.minutes()) {
        minutes.add(minute);
      }
    }
    try (PreparedStatement ps = c.prepareStatement(MARK_DIRTY)) {
      ps.setArray(1, c.createArrayOf("int8", minutes.toArray(Long[]::new)));
      ps.executeUpdate();
    }
  }

  /** One binary COPY of all the messages' rows: one header, the rows as encoded, one trailer. */
  static long copy(Connection c, String copySql, List<IngestMessage> messages) throws SQLException {
    CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
    try {
      in.writeToCopy(BinaryCopyEncoder.HEADER, 0, BinaryCopyEncoder.HEADER.length);
      for (IngestMessage m : messages) {
        in.writeToCopy(m.rows(), 0, m.rows().length);
      }
      in.writeToCopy(BinaryCopyEncoder.TRAILER, 0, BinaryCopyEncoder.TRAILER.length);
      return in.endCopy();
    } finally {
      if (in.isActive()) {
        in.cancelCopy();
      }
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
