package io.sextant.store;

import io.sextant.store.embedded.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded server for the whole test JVM, and a fresh database on it per test class: the
 * classes stay isolated and only the first pays the server's start-up. Stopped by a shutdown hook.
 */
final class TestPostgres {
  private static final AtomicInteger databases = new AtomicInteger();
  private static EmbeddedPostgresServer server;

  private TestPostgres() {}

  static synchronized EmbeddedPostgresServer server() {
    if (server == null) {
      server = EmbeddedPostgresServer.start();
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "test-postgres-stop"));
    }
    return server;
  }

  /** Creates an empty database and returns a store config pointing at it. */
  static StoreConfig freshDatabase(String prefix) {
    EmbeddedPostgresServer s = server();
    String name = prefix.toLowerCase() + "_" + databases.incrementAndGet();
    try (Connection c = s.dataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    String url = "jdbc:postgresql://localhost:" + s.port() + "/" + name;
    return new StoreConfig(url, s.user(), null, 2, null);
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
