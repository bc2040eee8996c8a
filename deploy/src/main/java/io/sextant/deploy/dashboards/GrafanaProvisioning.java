package io.sextant.deploy.dashboards;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The files that point a Grafana at Sextant, laid out as Grafana's provisioning folders:
 * {@code provisioning/datasources/sextant.yaml}, {@code provisioning/dashboards/sextant.yaml} and
 * {@code dashboards/*.json}. The data source password is never written: Grafana reads it from
 * {@link Settings#passwordFile()} at start ({@code $__file{...}}).
 */
public final class GrafanaProvisioning {
  /** The PostgreSQL data source's uid: every panel of every dashboard names it. */
  public static final String STORE_UID = "sextant-store";
  /** The Alertmanager data source's uid (the centre's Alertmanager-compatible API). */
  public static final String ALERTMANAGER_UID = "sextant-alertmanager";
  /** The SELECT-only role store migration V6 creates. */
  public static final String READER = "sextant_reader";
  public static final String DATASOURCES_FILE = "provisioning/datasources/sextant.yaml";
  public static final String PROVIDER_FILE = "provisioning/dashboards/sextant.yaml";
  public static final String DASHBOARDS_DIR = "dashboards";
  /**
   * The smallest bucket panels ask for: the simulator's window (a live site's default is 10 s), so
   * a time series never has empty buckets between two windows.
   */
  static final String MIN_INTERVAL = "5s";

  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:\\[\\]-]+");
  private static final Pattern SAFE_PATH = Pattern.compile("[^$}{\\p{Cntrl}]+");
  private static final List<String> SSL_MODES = List.of("disable", "require", "verify-ca", "verify-full");

  private GrafanaProvisioning() {}

  /**
   * Where Grafana finds the store and the alarm API.
   *
   * @param sslMode Grafana's {@code sslmode}; null means {@code disable} for a loopback host and
   *     {@code require} otherwise
   * @param dashboardsPath where Grafana reads the dashboards' JSON (the provider's path), absolute
   */
  public record Settings(String dbHost, int dbPort, String database, String dbUser, Path passwordFile, String sslMode,
      URI alertmanagerUrl, Path dashboardsPath) {
    public static final String DEFAULT_HOST = "localhost";
    public static final int DEFAULT_PORT = 5432;
    public static final String DEFAULT_DATABASE = "sextant";
    public static final Path DEFAULT_PASSWORD_FILE = Path.of("/etc/grafana/sextant-db-password");
    public static final URI DEFAULT_ALERTMANAGER = URI.create("http://127.0.0.1:9093");
    public static final Path DEFAULT_DASHBOARDS_PATH = Path.of("/var/lib/grafana/dashboards/sextant");

    public Settings {
      require(dbHost != null && HOST.matcher(dbHost).matches(), "db host", dbHost, "a host name or address");
      require(dbPort > 0 && dbPort < 65536, "db port", dbPort, "1..65535");
      require(database != null && SAFE_PATH.matcher(database).matches(), "database", database, "a name without $ { }");
      require(dbUser != null && SAFE_PATH.matcher(dbUser).matches(), "db user", dbUser, "a name without $ { }");
      require(passwordFile != null && passwordFile.isAbsolute() && SAFE_PATH.matcher(passwordFile.toString()).matches(),
          "password file", passwordFile, "an absolute path without $ { } (Grafana reads it at start)");
      sslMode = sslMode == null ? (loopback(dbHost) ? "disable" : "require") : sslMode.toLowerCase(Locale.ROOT);
      require(SSL_MODES.contains(sslMode), "sslmode", sslMode, String.join(", ", SSL_MODES));
      require(alertmanagerUrl != null && ("http".equals(alertmanagerUrl.getScheme())
          || "https".equals(alertmanagerUrl.getScheme())) && alertmanagerUrl.getHost() != null
          && SAFE_PATH.matcher(alertmanagerUrl.toString()).matches(), "alertmanager url", alertmanagerUrl,
          "an http(s) URL");
      require(dashboardsPath != null && dashboardsPath.isAbsolute()
          && SAFE_PATH.matcher(dashboardsPath.toString()).matches(), "dashboards path", dashboardsPath,
          "an absolute path without $ { }");
    }

    /** The defaults, as in the example files under {@code dashboards/grafana/provisioning}. */
    public static Settings defaults() {
      return new Settings(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_DATABASE, READER, DEFAULT_PASSWORD_FILE, null,
          DEFAULT_ALERTMANAGER, DEFAULT_DASHBOARDS_PATH);
    }

    private static void require(boolean ok, String field, Object value, String expected) {
      if (!ok) {
        throw new IllegalArgumentException(field + ": expected " + expected + ", got " + value);
      }
    }

    private static boolean loopback(String host) {
      return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
    }
  }

  /** Every file, by path relative to the output directory, sorted. */
  public static SortedMap<String, byte[]> files(Settings s) {
    SortedMap<String, byte[]> files = new TreeMap<>();
    files.put(DATASOURCES_FILE, datasources(s).getBytes(StandardCharsets.UTF_8));
    files.put(PROVIDER_FILE, provider(s).getBytes(StandardCharsets.UTF_8));
    for (Map.Entry<String, byte[]> e : DashboardFiles.load().entrySet()) {
      files.put(DASHBOARDS_DIR + "/" + e.getKey(), e.getValue());
    }
    return files;
  }

  /** Writes {@link #files} under {@code dir} (replacing files of the same name) and returns their paths. */
  public static List<Path> write(Path dir, Settings s) throws IOException {
    Objects.requireNonNull(dir, "dir");
    List<Path> written = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : files(s).entrySet()) {
      Path p = dir.resolve(e.getKey());
      Files.createDirectories(p.getParent());
      Files.write(p, e.getValue());
      written.add(p);
    }
    return written;
  }

  static String datasources(Settings s) {
    return """
        # Sextant's data sources for Grafana, written by `sextant dashboards export` (docs/dashboards.md).
        apiVersion: 1
        datasources:
          # The central store, read as a SELECT-only role (store migration V6 creates sextant_reader).
          # The password is read from a file when Grafana starts; it is never written here.
          - name: Sextant store
            uid: %s
            type: grafana-postgresql-datasource
            access: proxy
            url: %s
            user: %s
            editable: false
            jsonData:
              database: %s
              sslmode: %s
              postgresVersion: 1500
              timescaledb: false
              # The smallest bucket panels ask for: one collection window.
              timeInterval: %s
              maxOpenConns: 10
              maxIdleConns: 2
              connMaxLifetime: 14400
            secureJsonData:
              password: '$__file{%s}'
          # The centre's Alertmanager-compatible API: Grafana's alerting pages list Sextant's alerts
          # and silences through it (docs/alarm-engine.md).
          - name: Sextant alarms
            uid: %s
            type: alertmanager
            access: proxy
            url: %s
            editable: false
            jsonData:
              implementation: prometheus
              handleGrafanaManagedAlerts: false
        """.formatted(STORE_UID, quote(s.dbHost() + ":" + s.dbPort()), quote(s.dbUser()), quote(s.database()),
        quote(s.sslMode()), quote(MIN_INTERVAL), s.passwordFile(), ALERTMANAGER_UID,
        quote(s.alertmanagerUrl().toString()));
  }

  static String provider(Settings s) {
    return """
        # Sextant's dashboards for Grafana, written by `sextant dashboards export` (docs/dashboards.md).
        apiVersion: 1
        providers:
          - name: Sextant
            orgId: 1
            folder: Sextant
            folderUid: sextant
            type: file
            disableDeletion: false
            # Provisioned dashboards change with Sextant: export again rather than edit them in Grafana.
            allowUiUpdates: false
            updateIntervalSeconds: 60
            options:
              path: %s
              foldersFromFilesStructure: false
        """.formatted(quote(s.dashboardsPath().toString()));
  }

  /**
   * A YAML single-quoted scalar; {@code $} doubled because Grafana expands environment variables
   * in provisioning values ({@code $$} is a literal dollar).
   */
  static String quote(String value) {
    return "'" + value.replace("'", "''").replace("$", "$$") + "'";
  }
}
