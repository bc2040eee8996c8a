package io.sextant.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;

/**
 * Runs one unit of work in one transaction on a pooled connection, and maps failures to
 * {@link io.sextant.common.store.StoreException}. The pool hands out connections with
 * auto-commit off, so reads run in a transaction too; that is also what lets the driver stream a
 * large result with a fetch size instead of loading it whole.
 */
final class Jdbc {
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final DataSource pool;

  Jdbc(DataSource pool) {
    this.pool = pool;
  }

  /**
   * Commits when {@code work} returns, rolls back when it throws. {@code what} completes the
   * sentence "cannot ..." in the exception message.
   */
  <T> T inTransaction(String what, Work<T> work) {
    try (Connection c = pool.getConnection()) {
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      }
    } catch (SQLException e) {
      throw SqlErrors.toStoreException(what, e);
    }
  }

  private static void rollbackQuietly(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException rollbackFailure) {
      // The connection is likely gone; the pool discards it. Keep the first failure as the one reported.
      cause.addSuppressed(rollbackFailure);
    }
  }

  /** timestamptz parameters go through OffsetDateTime: the driver's supported java.time mapping. */
  static OffsetDateTime timestamp(Instant t) {
    return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
