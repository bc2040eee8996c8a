package io.sextant.alarm.persist;

import io.sextant.common.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * One unit of work in one transaction on a pooled connection, for the alarm engine's own tables
 * (silences, the notification log). Failures become {@link StoreException}, retryable when the
 * server could not be reached (SQL state class 08). The connection's auto-commit is restored.
 */
public final class Transactions {
  /** Work on an open connection inside the transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final DataSource pool;

  public Transactions(DataSource pool) {
    this.pool = Objects.requireNonNull(pool, "pool");
  }

  /** Commits when {@code work} returns, rolls back when it throws; {@code what} completes "cannot ...". */
  public <T> T run(String what, Work<T> work) {
    try (Connection c = pool.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    } catch (SQLException e) {
      // 08xxx: connection exceptions; the caller may try again once the server is back.
      boolean retryable = e.getSQLState() != null && e.getSQLState().startsWith("08");
      throw new StoreException("cannot " + what + ": " + e.getMessage(), retryable, e);
    }
  }
}
