package io.sextant.testkit.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * One embedded PostgreSQL for the whole test JVM, started on first use and stopped when the JVM
 * exits, and a fresh database on it for each test that asks: tests stay isolated and only the
 * first pays the server's start-up. Durability is off (zonky's defaults: no fsync), which tests
 * never need; a test that restarts or kills the server starts its own.
 */
public final class SharedPostgres {
  public static final String USER = "postgres";
  private static final AtomicInteger databases = new AtomicInteger();
  private static EmbeddedPostgres server;

  private SharedPostgres() {}

  /** An empty database of the shared server. */
  public record Database(String name, int port) {
    /** Without credentials: user {@value SharedPostgres#USER}, no password (trust on loopback). */
    public String jdbcUrl() {
      return "jdbc:postgresql://localhost:" + port + "/" + name;
    }

    public String user() {
      return USER;
    }

    /** An unpooled data source on this database. */
    public DataSource dataSource() {
      return server().getDatabase(USER, name);
    }
  }

  /** Creates an empty database named after {@code prefix} (and a counter) on the shared server. */
  public static Database fresh(String prefix) {
    EmbeddedPostgres s = server();
    String name = prefix.toLowerCase().replaceAll("[^a-z0-9_]", "_") + "_" + databases.incrementAndGet();
    try (Connection c = s.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    return new Database(name, s.getPort());
  }

  private static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        // Locale C: text sorts by bytes on every machine, as in the store's own embedded server.
        EmbeddedPostgres started = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60))
            .setLocaleConfig("locale", "C").setServerConfig("timezone", "UTC").start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            started.close();
          } catch (IOException e) {
            // the JVM is exiting; the server's directory is temporary
          }
        }, "shared-postgres-stop"));
        server = started;
      } catch (IOException e) {
        throw new UncheckedIOException("the shared embedded PostgreSQL did not start", e);
      }
    }
    return server;
  }
}
