package io.sextant.store;

import io.sextant.common.store.StoreException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Turns a {@link SQLException} into a {@link StoreException} that says whether the same write may
 * succeed later. Retryable: the server is unreachable, shutting down, out of connections, or the
 * transaction lost a race (serialization failure, deadlock). Everything else (bad SQL, constraint
 * or data errors) would fail again the same way, so it is not.
 */
public final class SqlErrors {
  /** SQLSTATE codes outside class 08 that mean "try again later". */
  private static final Set<String> RETRYABLE_STATES = Set.of(
      "57P01", // admin_shutdown
      "57P02", // crash_shutdown
      "57P03", // cannot_connect_now (starting up, recovering)
      "53000", // insufficient_resources
      "53100", // disk_full
      "53200", // out_of_memory
      "53300", // too_many_connections
      "40001", // serialization_failure
      "40P01", // deadlock_detected
      "55P03"); // lock_not_available

  private SqlErrors() {}

  public static StoreException toStoreException(String what, SQLException e) {
    return new StoreException("cannot " + what + ": " + describe(e), retryable(e), e);
  }

  /** Looks through the cause chain: the pool wraps the driver's connection error. */
  public static boolean retryable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        if (state != null && (state.startsWith("08") || RETRYABLE_STATES.contains(state))) {
          return true;
        }
        if (sql instanceof SQLTransientException || sql instanceof SQLRecoverableException) {
          return true;
        }
      }
      if (t instanceof java.net.ConnectException || t instanceof java.net.SocketTimeoutException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static String describe(SQLException e) {
    String state = e.getSQLState();
    return (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
        + (state == null ? "" : " (SQLSTATE " + state + ")");
  }
}
