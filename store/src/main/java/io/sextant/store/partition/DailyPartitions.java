package io.sextant.store.partition;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Daily partitions of {@code samples}: {@code samples_YYYYMMDD} holds [day 00:00 UTC, next day
 * 00:00 UTC). Days are UTC so that a partition's bounds never depend on the session time zone.
 * There is deliberately no DEFAULT partition: a row for a day without a partition would land
 * there and then block creating that day's partition; instead the writer creates the missing
 * day first (late data, clock skew), and the maintenance job creates the next days ahead.
 */
public final class DailyPartitions {
  public static final String PARENT = "samples";
  private static final String PREFIX = PARENT + "_";
  private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd");

  private DailyPartitions() {}

  public static LocalDate dayOf(Instant t) {
    return LocalDate.ofInstant(t, ZoneOffset.UTC);
  }

  public static String name(LocalDate day) {
    return PREFIX + NAME.format(day);
  }

  /** The day a partition name stands for, or empty if the table is not one of ours. */
  public static Optional<LocalDate> day(String tableName) {
    if (!tableName.startsWith(PREFIX) || tableName.length() != PREFIX.length() + 8) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(tableName.substring(PREFIX.length()), NAME));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Idempotent: {@code IF NOT EXISTS}, so two writers creating the same day do not fail. */
  public static String createSql(LocalDate day) {
    return "CREATE TABLE IF NOT EXISTS " + name(day) + " PARTITION OF " + PARENT + " FOR VALUES FROM ('"
        + day + " 00:00:00+00') TO ('" + day.plusDays(1) + " 00:00:00+00')";
  }

  public static String dropSql(LocalDate day) {
    return "DROP TABLE IF EXISTS " + name(day);
  }

  /**
   * Creates the partition of {@code day} in its own transaction on {@code c} (auto-commit off):
   * creating a partition takes a short exclusive lock on the parent, which must not be held for
   * the length of a write. Returns true when it was created now.
   */
  public static boolean ensure(Connection c, LocalDate day) throws SQLException {
    boolean existed = exists(c, day);
    if (existed) {
      return false;
    }
    try (Statement st = c.createStatement()) {
      st.execute(createSql(day));
      c.commit();
      return true;
    } catch (SQLException e) {
      c.rollback();
      // Another writer created it between our check and our CREATE: the catalog race surfaces as
      // a unique violation on pg_type or "relation already exists". Either way the day exists.
      if ("23505".equals(e.getSQLState()) || "42P07".equals(e.getSQLState())) {
        return false;
      }
      throw e;
    }
  }

  static boolean exists(Connection c, LocalDate day) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      ps.setString(1, name(day));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** The days that have a partition, in order. */
  public static List<LocalDate> list(Connection c) throws SQLException {
    List<LocalDate> days = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("""
        SELECT child.relname FROM pg_inherits i
        JOIN pg_class child ON child.oid = i.inhrelid
        JOIN pg_class parent ON parent.oid = i.inhparent
        WHERE parent.relname = ? ORDER BY child.relname""")) {
      ps.setString(1, PARENT);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          day(rs.getString(1)).ifPresent(days::add);
        }
      }
    }
    return days;
  }
}
