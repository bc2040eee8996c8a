package io.sextant.store.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL 15 server in a child process, listening on a free loopback port. With a data
 * directory it keeps its data between runs (initdb runs only when the directory holds no
 * cluster yet); without one it uses a temporary directory that {@link #close()} deletes.
 *
 * <p>Authentication is {@code trust} for the superuser {@code postgres}, as zonky's initdb sets
 * it: acceptable only because the server listens on loopback alone. Not thread-safe to start and
 * close concurrently; {@link #close()} is idempotent.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
  public static final String DATABASE = "sextant";
  public static final String USER = "postgres";

  /**
   * Settings for a small machine, with PostgreSQL's default durability. zonky starts the server
   * with {@code -F} (fsync off) and {@code synchronous_commit=off} for test speed; both are turned
   * back on here because the all-in-one mode keeps real data in a persistent directory.
   */
  static final Map<String, String> SERVER_SETTINGS = Map.of(
      "listen_addresses", "localhost",
      "fsync", "on",
      "synchronous_commit", "on",
      "full_page_writes", "on",
      "max_connections", "50",
      "shared_buffers", "128MB",
      "work_mem", "8MB",
      "max_wal_size", "512MB",
      "timezone", "UTC");

  /** initdb locale: C makes text ordering byte order, identical on every machine. */
  private static final String LOCALE = "C";
  private static final Duration STARTUP_WAIT = Duration.ofSeconds(30);
  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

  private final EmbeddedPostgres postgres;
  private final Path dataDir;
  private final Duration startupTime;
  private boolean closed;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDir, Duration startupTime) {
    this.postgres = postgres;
    this.dataDir = dataDir;
    this.startupTime = startupTime;
  }

  /** Starts a throw-away server in a temporary directory, deleted on {@link #close()}. */
  public static EmbeddedPostgresServer start() {
    return start(null);
  }

  /**
   * Starts a server on {@code dataDir}, creating the cluster there if the directory is empty or
   * missing; {@code null} means a temporary directory deleted on {@link #close()}.
   *
   * @throws IllegalStateException when the directory is not a cluster and not empty, or when a
   *     server left by an earlier run still runs on it
   */
  public static EmbeddedPostgresServer start(Path dataDir) {
    return start(dataDir, 0);
  }

  /**
   * As {@link #start(Path)} on a given loopback port ({@code 0}: a free one). A fixed port lets a
   * server be stopped and started again under clients that keep their URL (restart tests).
   */
  public static EmbeddedPostgresServer start(Path dataDir, int port) {
    long t0 = System.nanoTime();
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setPGStartupWait(STARTUP_WAIT)
        .setLocaleConfig("locale", LOCALE);
    SERVER_SETTINGS.forEach(builder::setServerConfig);
    if (port != 0) {
      builder.setPort(port);
    }
    Path dir;
    try {
      if (dataDir == null) {
        dir = Files.createTempDirectory("sextant-pg");
        builder.setDataDirectory(dir).setCleanDataDirectory(true);
      } else {
        dir = dataDir.toAbsolutePath();
        checkUsable(dir);
        builder.setDataDirectory(dir).setCleanDataDirectory(false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare PostgreSQL data directory " + dataDir, e);
    }
    EmbeddedPostgres postgres;
    try {
      postgres = builder.start();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("embedded PostgreSQL did not start on " + dir + ": " + e.getMessage(), e);
    }
    try {
      createDatabase(postgres);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(postgres);
      throw new IllegalStateException("embedded PostgreSQL on " + dir + " started but database '" + DATABASE
          + "' cannot be created: " + e.getMessage(), e);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    log.info("embedded PostgreSQL started in {} ms on port {}, data in {}", took.toMillis(), postgres.getPort(), dir);
    return new EmbeddedPostgresServer(postgres, dir, took);
  }

  /** The URL of the {@value #DATABASE} database, without credentials (user {@value #USER}, no password). */
  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
  }

  public String user() {
    return USER;
  }

  /** An unpooled data source on the {@value #DATABASE} database; the store pools its own. */
  public DataSource dataSource() {
    return postgres.getDatabase(USER, DATABASE);
  }

  public int port() {
    return postgres.getPort();
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Wall time {@link #start(Path)} took, binaries unpacking and initdb included. */
  public Duration startupTime() {
    return startupTime;
  }

  /** Stops the server (fast shutdown: open sessions are ended, committed data is kept). */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      closeQuietly(postgres);
      log.info("embedded PostgreSQL on port {} stopped", postgres.getPort());
    }
  }

  private static void createDatabase(EmbeddedPostgres postgres) throws SQLException {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, DATABASE);
      try (ResultSet rs = exists.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
      try (Statement create = c.createStatement()) {
        create.execute("CREATE DATABASE " + DATABASE);
      }
    }
  }

  /**
   * Fails early, with a message saying what to do, in the two cases where zonky would fail later
   * with only "Process failed": initdb refuses a non-empty directory that is not a cluster, and
   * a postmaster left running by a killed JVM keeps the directory locked.
   */
  private static void checkUsable(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    if (!Files.exists(dir.resolve("postgresql.conf"))) {
      try (var entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalStateException("data directory " + dir
              + " is neither empty nor a PostgreSQL cluster; give an empty or new directory");
        }
      }
      return;
    }
    Optional<Long> pid = postmasterPid(dir);
    if (pid.isPresent() && ProcessHandle.of(pid.get()).map(ProcessHandle::isAlive).orElse(false)) {
      throw new IllegalStateException("data directory " + dir + " is in use by PostgreSQL process " + pid.get()
          + " (another Sextant, or one left by a run that was killed); stop it first, e.g. kill " + pid.get());
    }
  }

  private static Optional<Long> postmasterPid(Path dir) throws IOException {
    Path pidFile = dir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
    try {
      return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static void closeQuietly(EmbeddedPostgres postgres) {
    try {
      postgres.close();
    } catch (IOException e) {
      log.warn("embedded PostgreSQL on port {} did not stop cleanly: {}", postgres.getPort(), e.getMessage());
    }
  }
}
