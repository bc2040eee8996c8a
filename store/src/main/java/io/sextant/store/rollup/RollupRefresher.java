package io.sextant.store.rollup;

import io.sextant.store.RetentionSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Recomputes the native rollups of the minutes that received samples: the ingest transaction only
 * appends the minutes it touched to {@code rollup_dirty}; this takes the rows committed so far,
 * deletes them, and rebuilds those minutes of {@code samples_1m} from {@code samples} and their
 * hours of {@code samples_1h} from {@code samples_1m}, all in the caller's transaction.
 *
 * <p>Why this is exact under concurrent ingest (READ COMMITTED, a snapshot per statement): a write
 * commits its samples and its dirty rows together. If the claiming {@code DELETE} saw a write's
 * dirty rows, the write had committed before that statement, so the later aggregation statements
 * see its samples; if it did not, the rows stay for the next pass. Recomputing is idempotent, so
 * a minute recomputed twice, or a redelivered sample, never counts twice.
 *
 * <p>Minutes (and hours) that end before the raw retention cutoff are only filled where they have
 * no rollup row yet: their raw partition is dropped or about to be, and a late sample that
 * recreated it must not shrink an existing rollup to itself. So a sample older than the raw
 * retention counts in a rollup only if its bucket had none. Refreshers are serialised by a
 * transaction-scoped advisory lock, so two central processes may both run one.
 */
public final class RollupRefresher {
  /** What one pass did. */
  public record Report(int minutes, int ranges, int beyondRetention) {}

  /** Advisory lock key for refreshers: "sxrollup" in ASCII. */
  static final long LOCK = 0x7378726f6c6c7570L;
  private static final String ORIGIN = "TIMESTAMPTZ '2000-01-01 00:00:00+00'";

  static final String CLAIM = "DELETE FROM rollup_dirty RETURNING minute";

  static final String DELETE_1M = "DELETE FROM samples_1m WHERE bucket >= ? AND bucket < ?";
  static final String BUILD_1M = "INSERT INTO samples_1m (series_id, bucket, count, sum, min, max)\n"
      + "SELECT series_id, date_bin(INTERVAL '1 minute', time, " + ORIGIN + "), count(*), sum(value), min(value), max(value)\n"
      + "FROM samples WHERE time >= ? AND time < ? GROUP BY 1, 2";
  static final String DELETE_1H = "DELETE FROM samples_1h WHERE bucket >= ? AND bucket < ?";
  static final String BUILD_1H = "INSERT INTO samples_1h (series_id, bucket, count, sum, min, max)\n"
      + "SELECT series_id, date_bin(INTERVAL '1 hour', bucket, " + ORIGIN + "), sum(count), sum(sum), min(min), max(max)\n"
      + "FROM samples_1m WHERE bucket >= ? AND bucket < ? GROUP BY 1, 2";
  private static final String KEEP_EXISTING = "\nON CONFLICT (series_id, bucket) DO NOTHING";

  private final RetentionSettings settings;

  public RollupRefresher(RetentionSettings settings) {
    this.settings = settings;
  }

  /** One pass at {@code now} (for the retention cutoff); the caller commits. */
  public Report refresh(Connection c, Instant now) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
    }
    long cutoff = Math.floorDiv(now.minus(settings.raw()).getEpochSecond(), 60);
    TreeSet<Long> live = new TreeSet<>();
    TreeSet<Long> old = new TreeSet<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(CLAIM)) {
      while (rs.next()) {
        long minute = Math.floorDiv(rs.getObject(1, OffsetDateTime.class).toEpochSecond(), 60);
        (minute + 1 <= cutoff ? old : live).add(minute);
      }
    }
    List<long[]> liveRanges = ranges(live, 1);
    for (long[] r : liveRanges) {
      rebuild(c, DELETE_1M, BUILD_1M, r[0] * 60, r[1] * 60);
    }
    for (long[] r : ranges(old, 1)) {
      rebuild(c, null, BUILD_1M + KEEP_EXISTING, r[0] * 60, r[1] * 60);
    }
    TreeSet<Long> liveHours = new TreeSet<>();
    TreeSet<Long> oldHours = new TreeSet<>();
    for (TreeSet<Long> minutes : List.of(live, old)) {
      for (long m : minutes) {
        long hour = Math.floorDiv(m, 60);
        ((hour + 1) * 60 <= cutoff ? oldHours : liveHours).add(hour);
      }
    }
    for (long[] r : ranges(liveHours, 1)) {
      rebuild(c, DELETE_1H, BUILD_1H, r[0] * 3600, r[1] * 3600);
    }
    for (long[] r : ranges(oldHours, 1)) {
      rebuild(c, null, BUILD_1H + KEEP_EXISTING, r[0] * 3600, r[1] * 3600);
    }
    return new Report(live.size() + old.size(), liveRanges.size(), old.size());
  }

  /** Contiguous runs of units as [first, last + 1) pairs. */
  static List<long[]> ranges(TreeSet<Long> units, long width) {
    List<long[]> out = new ArrayList<>();
    long[] current = null;
    for (long u : units) {
      if (current != null && u == current[1]) {
        current[1] = u + width;
      } else {
        current = new long[] {u, u + width};
        out.add(current);
      }
    }
    return out;
  }

  private static void rebuild(Connection c, String delete, String build, long fromSecond, long toSecond)
      throws SQLException {
    OffsetDateTime from = OffsetDateTime.ofInstant(Instant.ofEpochSecond(fromSecond), ZoneOffset.UTC);
    OffsetDateTime to = OffsetDateTime.ofInstant(Instant.ofEpochSecond(toSecond), ZoneOffset.UTC);
    for (String sql : delete == null ? new String[] {build} : new String[] {delete, build}) {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setObject(1, from);
        ps.setObject(2, to);
        ps.executeUpdate();
      }
    }
  }
}
