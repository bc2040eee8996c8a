package io.sextant.dashboards.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sextant.dashboards.model.Dashboard;
import io.sextant.dashboards.model.Dashboards;
import io.sextant.deploy.cli.SextantCommand;
import io.sextant.deploy.dashboards.GrafanaProvisioning;
import io.sextant.deploy.demo.Demo;
import io.sextant.deploy.demo.DemoReport;
import io.sextant.store.PostgresStore;
import io.sextant.store.StoreConfig;
import io.sextant.store.Stores;
import io.sextant.store.embedded.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * One demo run for the whole test JVM: an embedded PostgreSQL migrated by the store (so the
 * read-only role exists), filled by {@link Demo#run} (seed 1, three edge sites, the default fault
 * schedule, as fast as the machine goes), then Grafana's provisioning exported for it by
 * {@code sextant dashboards export}. Tests read it as Grafana would: as {@code sextant_reader},
 * with the dashboards and the data source settings from the exported files, at "now" = the end
 * of the run. Closed (the server stopped) when the JVM's tests are done.
 */
public final class DemoStore implements AutoCloseable {
  public static final long SEED = 1;
  public static final int EDGE_SITES = 3;
  private static final Logger log = LoggerFactory.getLogger(DemoStore.class);

  private final EmbeddedPostgresServer server;
  private final DemoReport report;
  private final Instant now;
  private final Path exported;
  private final JsonNode datasource;
  private final Connection reader;
  private final Duration demoTook;

  private DemoStore(EmbeddedPostgresServer server, DemoReport report, Instant now, Path exported, JsonNode datasource,
      Connection reader, Duration demoTook) {
    this.server = server;
    this.report = report;
    this.now = now;
    this.exported = exported;
    this.datasource = datasource;
    this.reader = reader;
    this.demoTook = demoTook;
  }

  static DemoStore start() {
    EmbeddedPostgresServer server = EmbeddedPostgresServer.start();
    try {
      long t0 = System.nanoTime();
      DemoReport report;
      try (PostgresStore store = Stores.open(StoreConfig.external(server.jdbcUrl(), server.user(), null))) {
        report = Demo.run(new Demo.Options(SEED, EDGE_SITES, 0, Demo.Options.DEFAULT_WARMUP, true), store,
            new PrintStream(OutputStream.nullOutputStream()));
      }
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      Instant now;
      String password = UUID.randomUUID().toString();
      try (Connection admin = DriverManager.getConnection(server.jdbcUrl(), server.user(), null);
          Statement st = admin.createStatement()) {
        // Grafana's "now": the demo's last window, a few seconds later.
        try (ResultSet rs = st.executeQuery("SELECT max(time) FROM samples")) {
          rs.next();
          now = rs.getTimestamp(1).toInstant().plusSeconds(5);
        }
        // What an administrator does once; the embedded server trusts loopback, so it is not checked here.
        st.execute("ALTER ROLE " + GrafanaProvisioning.READER + " PASSWORD '" + password + "'");
      }
      Path dir = Files.createTempDirectory("sextant-grafana");
      Path passwordFile = dir.resolve("db-password");
      Files.writeString(passwordFile, password);
      URI url = URI.create(server.jdbcUrl().substring("jdbc:".length()));
      int code = new CommandLine(new SextantCommand()).setOut(new PrintWriter(OutputStream.nullOutputStream()))
          .execute("dashboards", "export", dir.toString(), "--db-host", url.getHost(), "--db-port",
              Integer.toString(url.getPort()), "--db-name", url.getPath().substring(1), "--password-file",
              passwordFile.toString());
      if (code != 0) {
        throw new IllegalStateException("sextant dashboards export exited " + code);
      }
      JsonNode sources = new ObjectMapper(new YAMLFactory())
          .readTree(dir.resolve(GrafanaProvisioning.DATASOURCES_FILE).toFile()).path("datasources");
      JsonNode pg = sources.get(0);
      Connection reader = DriverManager.getConnection("jdbc:postgresql://" + pg.path("url").asText() + "/"
          + pg.path("jsonData").path("database").asText(), pg.path("user").asText(), password);
      log.info("demo run (seed {}, {} edge sites) stored in {} ms; Grafana's now is {}", SEED, EDGE_SITES,
          took.toMillis(), now);
      return new DemoStore(server, report, now, dir, pg, reader, took);
    } catch (IOException e) {
      server.close();
      throw new UncheckedIOException(e);
    } catch (SQLException | RuntimeException e) {
      server.close();
      throw new IllegalStateException("the demo store did not start: " + e.getMessage(), e);
    }
  }

  /** The scored report of the run, for checks against what the panels compute. */
  public DemoReport report() {
    return report;
  }

  /** Grafana's "now" for every case: just after the run's last window. */
  public Instant now() {
    return now;
  }

  /** The dashboards as exported for this store (identical to the module's grafana/dashboards). */
  public List<Dashboard> dashboards() {
    return Dashboards.load(exported.resolve(GrafanaProvisioning.DASHBOARDS_DIR));
  }

  /** The exported PostgreSQL data source (uid, type, url, user, jsonData). */
  public JsonNode datasource() {
    return datasource;
  }

  /** A connection as the data source's user: the read-only role. Shared; queries only. */
  public Connection reader() {
    return reader;
  }

  /** A superuser connection, for checks the reader must not be able to do. */
  public Connection admin() throws SQLException {
    return DriverManager.getConnection(server.jdbcUrl(), server.user(), null);
  }

  public Duration demoTook() {
    return demoTook;
  }

  /** JUnit closes the root store's values when the JVM's tests are done. */
  @Override
  public void close() throws SQLException, IOException {
    try {
      reader.close();
    } finally {
      server.close();
      try (Stream<Path> files = Files.walk(exported)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Gives tests the JVM's one {@link DemoStore} as a parameter, started on first use. */
  public static final class Extension implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext ctx) {
      return p.getParameter().getType() == DemoStore.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext ctx) {
      return ctx.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
          .getOrComputeIfAbsent(DemoStore.class, k -> start(), DemoStore.class);
    }
  }
}
