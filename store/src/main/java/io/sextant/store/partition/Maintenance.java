package io.sextant.store.partition;

import io.sextant.store.RetentionSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * One pass of the native layout's housekeeping: creates the daily partitions from today to
 * {@code partitionsAhead} days ahead, drops the partitions whose whole day is older than the raw
 * retention, deletes rollup rows older than theirs and ingest-ledger rows older than the ledger
 * retention. Idempotent; each step commits on its own
 * so that a drop never holds the parent's lock while rollups are being deleted.
 */
public final class Maintenance {
  /** What one pass did. */
  public record Report(List<LocalDate> created, List<LocalDate> dropped, long rollup1mDeleted, long rollup1hDeleted,
      long ledgerDeleted) {}

  private final RetentionSettings settings;

  public Maintenance(RetentionSettings settings) {
    this.settings = settings;
  }

  /** {@code c} must have auto-commit off; {@code now} comes from the caller's clock. */
  public Report run(Connection c, Instant now) throws SQLException {
    LocalDate today = DailyPartitions.dayOf(now);
    List<LocalDate> created = new ArrayList<>();
    for (int i = 0; i <= settings.partitionsAhead(); i++) {
      if (DailyPartitions.ensure(c, today.plusDays(i))) {
        created.add(today.plusDays(i));
      }
    }
    Instant rawCutoff = now.minus(settings.raw());
    List<LocalDate> dropped = new ArrayList<>();
    for (LocalDate day : DailyPartitions.list(c)) {
      // Only whole days: a partition goes when its last instant is older than the cutoff.
      if (!day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).isAfter(rawCutoff)) {
        try (Statement st = c.createStatement()) {
          st.execute(DailyPartitions.dropSql(day));
        }
        c.commit();
        dropped.add(day);
      }
    }
    long m = deleteOlder(c, "samples_1m", "bucket", now.minus(settings.rollup1m()));
    long h = deleteOlder(c, "samples_1h", "bucket", now.minus(settings.rollup1h()));
    return new Report(created, dropped, m, h, expireLedger(c, now));
  }

  /** Deletes ingest-ledger rows older than the ledger retention; the only step TimescaleDB needs from here. */
  public long expireLedger(Connection c, Instant now) throws SQLException {
    return deleteOlder(c, "ingest_ledger", "ingested_at", now.minus(settings.ledger()));
  }

  private static long deleteOlder(Connection c, String table, String column, Instant cutoff) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE " + column + " < ?")) {
      ps.setObject(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
      long n = ps.executeUpdate();
      c.commit();
      return n;
    }
  }
}
