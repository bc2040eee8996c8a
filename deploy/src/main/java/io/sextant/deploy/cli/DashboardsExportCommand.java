package io.sextant.deploy.cli;

import io.sextant.deploy.dashboards.GrafanaProvisioning;
import io.sextant.deploy.dashboards.GrafanaProvisioning.Settings;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sextant dashboards export DIR}: writes the data sources, the dashboard provider and the
 * dashboards for an existing Grafana. The password is not an option: Grafana reads it from
 * {@code --password-file}, which an administrator creates.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Writes Grafana provisioning for Sextant into DIR: provisioning/datasources/sextant.yaml (the "
        + "central store as the read-only role sextant_reader, and the centre's Alertmanager-compatible API), "
        + "provisioning/dashboards/sextant.yaml (a file provider) and dashboards/*.json.",
        "Copy DIR/provisioning/* into Grafana's provisioning folders (or point its paths.provisioning at "
            + "DIR/provisioning) and restart Grafana. The database password is never written: put it in the file "
            + "--password-file names, readable by Grafana only."})
public final class DashboardsExportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DIR", description = "Output directory (created if missing).")
  Path dir;

  @Option(names = "--db-host", defaultValue = Settings.DEFAULT_HOST,
      description = "PostgreSQL host as Grafana reaches it (default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--db-port", defaultValue = "" + Settings.DEFAULT_PORT,
      description = "Port (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--db-name", defaultValue = Settings.DEFAULT_DATABASE,
      description = "Database of the central store (default ${DEFAULT-VALUE}).")
  String database;

  @Option(names = "--db-user", defaultValue = GrafanaProvisioning.READER,
      description = "Role Grafana connects as; keep it SELECT-only (default ${DEFAULT-VALUE}, created by the store).")
  String user;

  @Option(names = "--password-file", paramLabel = "FILE", defaultValue = "/etc/grafana/sextant-db-password",
      description = "Absolute path of the file holding the role's password, read by Grafana at start "
          + "($__file{...}; default ${DEFAULT-VALUE}).")
  Path passwordFile;

  @Option(names = "--sslmode", description = "disable, require, verify-ca or verify-full "
      + "(default: disable for a loopback host, require otherwise).")
  String sslMode;

  @Option(names = "--alertmanager-url", defaultValue = "http://127.0.0.1:9093",
      description = "The centre's Alertmanager-compatible API as Grafana reaches it (default ${DEFAULT-VALUE}).")
  URI alertmanagerUrl;

  @Option(names = "--dashboards-path", paramLabel = "PATH",
      description = "Where Grafana will read the dashboards' JSON (default: DIR/dashboards, absolute).")
  Path dashboardsPath;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Path out = dir.toAbsolutePath().normalize();
    Path dashboards = dashboardsPath != null ? dashboardsPath : out.resolve(GrafanaProvisioning.DASHBOARDS_DIR);
    Settings settings;
    try {
      settings = new Settings(host, port, database, user, passwordFile, sslMode, alertmanagerUrl, dashboards);
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("sextant dashboards export: " + e.getMessage());
      return 2;
    }
    List<Path> written = GrafanaProvisioning.write(out, settings);
    PrintWriter w = spec.commandLine().getOut();
    w.printf("Wrote %d files under %s:%n", written.size(), out);
    written.forEach(p -> w.println("  " + out.relativize(p)));
    w.printf("Grafana will connect to %s:%d/%s as %s (sslmode %s), password from %s;%n", settings.dbHost(),
        settings.dbPort(), settings.database(), settings.dbUser(), settings.sslMode(), settings.passwordFile());
    w.printf("alarms from %s; dashboards read from %s.%n", settings.alertmanagerUrl(), settings.dashboardsPath());
    w.println("Next: set the role's password (ALTER ROLE " + settings.dbUser() + " PASSWORD '...'), write it to the "
        + "password file, copy provisioning/* into Grafana's provisioning folders and restart Grafana.");
    w.flush();
    return 0;
  }
}
