package io.sextant.store;

import io.sextant.testkit.postgres.SharedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A fresh database per test class on the test JVM's one embedded server (testkit's
 * {@link SharedPostgres}): the classes stay isolated and only the first pays the server's start-up.
 */
final class TestPostgres {
  private TestPostgres() {}

  /** Creates an empty database and returns a store config pointing at it. */
  static StoreConfig freshDatabase(String prefix) {
    SharedPostgres.Database db = SharedPostgres.fresh(prefix);
    return new StoreConfig(db.jdbcUrl(), db.user(), null, 2, null);
  }

  /** Empties every table, so each test starts from the migrated, empty schema. */
  static void truncateAll(PostgresStore store) {
    try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute("TRUNCATE series, samples, samples_1m, samples_1h, ingest_ledger, rollup_dirty, detections, alarms,"
          + " alarm_history, diagnoses, audit_log RESTART IDENTITY");
      c.commit();
      store.forgetKnownSeries();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot empty the test database", e);
    }
  }
}
