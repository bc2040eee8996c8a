package io.sextant.collector.outbox;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Per-series state the edge keeps across restarts (its detectors' learned baselines), one record
 * per series in the outbox's SQLite file (table {@code series_state}), so everything the edge needs
 * to come back as it was stays in one file. The records are opaque here: their owner encodes them
 * and says how old each is (the time of the series' last point).
 *
 * <p>A checkpoint replaces every record in one transaction, as the outbox commits its appends: a
 * kill in the middle of one leaves the previous checkpoint whole. Records are written one at a
 * time as the owner produces them, never gathered into one large value. Store access takes the
 * outbox's lock, so appends wait for a checkpoint (tens of milliseconds for 10,000 series).
 */
public final class SeriesStateStore {
  /** Rows per insert batch. */
  private static final int BATCH = 256;

  private final Outbox outbox;

  /** Receives the records of a checkpoint, one series at a time. */
  @FunctionalInterface
  public interface Writer {
    void put(long seriesId, long lastMillis, byte[] state);
  }

  /** Produces the records of a checkpoint into a {@link Writer}. */
  @FunctionalInterface
  public interface Records {
    void writeTo(Writer writer);
  }

  /** What a checkpoint wrote. */
  public record Written(int records, long bytes) {}

  /** What a restore read: records handed over, and records dropped as older than the cut-off. */
  public record Read(int records, int expired) {}

  public SeriesStateStore(Outbox outbox) {
    this.outbox = outbox;
    outbox.inTransaction("create the series state table", db -> {
      try (Statement st = db.createStatement()) {
        st.execute("CREATE TABLE IF NOT EXISTS series_state (series_id INTEGER PRIMARY KEY, "
            + "last_ms INTEGER NOT NULL, state BLOB NOT NULL)");
      }
      return null;
    });
  }

  /** Replaces every record with those {@code records} produces, in one transaction. */
  public Written replaceAll(Records records) {
    return outbox.inTransaction("checkpoint series state", db -> {
      try (Statement st = db.createStatement()) {
        st.execute("DELETE FROM series_state");
      }
      int[] n = {0};
      long[] bytes = {0};
      try (PreparedStatement ins = db.prepareStatement(
          "INSERT OR REPLACE INTO series_state (series_id, last_ms, state) VALUES (?, ?, ?)")) {
        records.writeTo((id, last, state) -> {
          try {
            ins.setLong(1, id);
            ins.setLong(2, last);
            ins.setBytes(3, state);
            ins.addBatch();
            // Batches of BATCH rows: fewer calls into SQLite than one by one, while a batch holds
            // only its own rows' records.
            if (++n[0] % BATCH == 0) {
              ins.executeBatch();
            }
          } catch (java.sql.SQLException e) {
            throw new OutboxException("cannot write series state: " + e.getMessage(), e);
          }
          bytes[0] += state.length;
        });
        ins.executeBatch();
      }
      return new Written(n[0], bytes[0]);
    });
  }

  /**
   * Hands every record whose series' last point is at or after {@code notBeforeMillis} to
   * {@code reader}, streaming, and deletes the older ones.
   */
  public Read restore(long notBeforeMillis, Writer reader) {
    return outbox.inTransaction("restore series state", db -> {
      int n = 0;
      try (PreparedStatement q = db.prepareStatement(
          "SELECT series_id, last_ms, state FROM series_state WHERE last_ms >= ?")) {
        q.setLong(1, notBeforeMillis);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            reader.put(rs.getLong(1), rs.getLong(2), rs.getBytes(3));
            n++;
          }
        }
      }
      int expired;
      try (PreparedStatement del = db.prepareStatement("DELETE FROM series_state WHERE last_ms < ?")) {
        del.setLong(1, notBeforeMillis);
        expired = del.executeUpdate();
      }
      return new Read(n, expired);
    });
  }
}
