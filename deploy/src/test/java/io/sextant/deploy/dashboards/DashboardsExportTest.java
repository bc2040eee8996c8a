package io.sextant.deploy.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.deploy.cli.SextantCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * {@code sextant dashboards export}: the files Grafana reads, with the operator's database and
 * credentials file, and never a password. The panels themselves are tested in the dashboards
 * module, against a demo run.
 */
class DashboardsExportTest {
  /** The repository's copy of the provisioning files and dashboards (the module's working directory is deploy/). */
  private static final Path REPO = Path.of("..", "dashboards", "grafana");

  @Test
  void writesTheDataSourcesWithTheGivenDatabaseAndAPasswordFileReference(@TempDir Path dir) throws IOException {
    Result r = export(dir.toString(), "--db-host", "db.example.net", "--db-port", "6432", "--db-name", "noc",
        "--db-user", "grafana_ro", "--password-file", "/run/secrets/sextant-pg", "--alertmanager-url",
        "http://central.example.net:9093");

    assertThat(r.code()).as(r.err()).isZero();
    String text = Files.readString(dir.resolve(GrafanaProvisioning.DATASOURCES_FILE));
    Map<String, Object> yaml = new Yaml().load(text);
    List<Map<String, Object>> sources = list(yaml.get("datasources"));
    Map<String, Object> pg = sources.get(0);
    assertThat(pg).containsEntry("type", "grafana-postgresql-datasource").containsEntry("uid", "sextant-store")
        .containsEntry("url", "db.example.net:6432").containsEntry("user", "grafana_ro");
    assertThat(map(pg.get("jsonData"))).containsEntry("database", "noc").containsEntry("sslmode", "require")
        .containsEntry("timeInterval", "5s");
    assertThat(map(pg.get("secureJsonData"))).containsEntry("password", "$__file{/run/secrets/sextant-pg}");
    Map<String, Object> am = sources.get(1);
    assertThat(am).containsEntry("type", "alertmanager").containsEntry("uid", "sextant-alertmanager")
        .containsEntry("url", "http://central.example.net:9093");
    assertThat(map(am.get("jsonData"))).containsEntry("implementation", "prometheus");
    assertThat(r.out()).contains("db.example.net:6432/noc as grafana_ro (sslmode require)");
  }

  @Test
  void theProviderReadsTheExportedDashboardsWhichAreTheRepositorysOnes(@TempDir Path dir) throws IOException {
    assertThat(export(dir.toString()).code()).isZero();

    Map<String, Object> provider = list(new Yaml().<Map<String, Object>>load(
        Files.readString(dir.resolve(GrafanaProvisioning.PROVIDER_FILE))).get("providers")).get(0);
    assertThat(provider).containsEntry("type", "file");
    assertThat(map(provider.get("options"))).containsEntry("path",
        dir.toAbsolutePath().resolve("dashboards").toString());
    List<String> repo = names(REPO.resolve("dashboards"));
    assertThat(names(dir.resolve("dashboards"))).isNotEmpty().isEqualTo(repo);
    for (String name : repo) {
      assertThat(dir.resolve("dashboards").resolve(name))
          .hasSameBinaryContentAs(REPO.resolve("dashboards").resolve(name));
    }
  }

  /** The example files in dashboards/grafana/provisioning are what the defaults produce. */
  @Test
  void theRepositorysExampleFilesAreTheDefaults(@TempDir Path dir) throws IOException {
    assertThat(export(dir.toString(), "--dashboards-path", "/var/lib/grafana/dashboards/sextant").code()).isZero();

    for (String file : List.of(GrafanaProvisioning.DATASOURCES_FILE, GrafanaProvisioning.PROVIDER_FILE)) {
      assertThat(Files.readString(dir.resolve(file))).as(file)
          .isEqualTo(Files.readString(REPO.resolve(file)));
    }
    assertThat(Files.readString(dir.resolve(GrafanaProvisioning.DATASOURCES_FILE)))
        .contains("url: 'localhost:5432'", "sslmode: 'disable'", "$__file{/etc/grafana/sextant-db-password}");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "relative password file | --password-file | secret.txt | password file: expected an absolute path",
      "password file with a variable | --password-file | /etc/$HOME/pw | password file: expected an absolute path",
      "bad sslmode | --sslmode | sometimes | sslmode: expected disable, require, verify-ca, verify-full",
      "host with a space | --db-host | db host | db host: expected a host name or address",
      "alertmanager without scheme | --alertmanager-url | central:9093 | alertmanager url: expected an http(s) URL"})
  void refusesBadSettingsNamingTheField(String name, String option, String value, String message, @TempDir Path dir) {
    Result r = export(dir.toString(), option, value);

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(message);
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void helpIsThere() {
    assertThat(export("--help").code()).isZero();
  }

  private record Result(int code, String out, String err) {}

  private static Result export(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new SextantCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] all = Stream.concat(Stream.of("dashboards", "export"), Stream.of(args)).toArray(String[]::new);
    int code = cli.execute(all);
    return new Result(code, out.toString(), err.toString());
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object o) {
    return (List<Map<String, Object>>) o;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }
}
