package io.sextant.alarm.service.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sextant.alarm.notify.Route;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The imported routing tree picks the receivers Debian's Alertmanager picks: for each file (ours
 * and Debian's example) {@code amtool check-config} must pass, and for a table of label sets
 * {@code amtool config routes test} must print the receivers Sextant's router chooses, in order.
 * As root (CI installs prometheus-alertmanager) a missing amtool or Debian example fails the test.
 */
class AlertmanagerRoutesIT {
  static final Path AMTOOL = Path.of("/usr/bin/amtool");
  static final Path DEBIAN = Path.of("/etc/prometheus/alertmanager.yml");

  /** Label sets walking every branch of the files' trees, and some that fall through. */
  static final List<Map<String, String>> LABELS = List.of(
      Map.of("alertname", "Anything"),
      Map.of("severity", "critical"),
      Map.of("severity", "critical", "team", "network", "site", "core-1"),
      Map.of("team", "network", "site", "edge-3"),
      Map.of("team", "network", "site", "pop-12", "severity", "warning"),
      Map.of("team", "network", "site", "pop-12", "severity", "minor", "alertname", "LinkFlap"),
      Map.of("team", "network", "site", "popx", "alertname", "BgpSessionDown"),
      Map.of("team", "network", "alertname", "BgpSessionDown", "severity", "critical"),
      Map.of("team", "storage", "env", "prod"),
      Map.of("team", "database", "env", "staging"),
      Map.of("team", "database"),
      Map.of("service", "billing", "severity", "info"),
      Map.of("severity", "info"),
      Map.of("team", "ops"),
      Map.of("team", "pager", "severity", "critical"),
      Map.of("service", "foo1"),
      Map.of("service", "foo2", "severity", "critical"),
      Map.of("service", "files"),
      Map.of("service", "files", "severity", "critical"),
      Map.of("service", "database"),
      Map.of("service", "database", "owner", "team-X"),
      Map.of("service", "database", "owner", "team-Y", "severity", "critical"),
      Map.of("service", "baz", "owner", "team-Y"));

  static Stream<Path> files() {
    List<Path> files = new ArrayList<>(List.of(AlertmanagerConfigTest.resource("noc.yml"),
        AlertmanagerConfigTest.resource("unsupported.yml")));
    if (isRoot()) {
      files.add(DEBIAN); // must be there: CI installs Debian's prometheus-alertmanager
    } else if (Files.exists(DEBIAN)) {
      files.add(DEBIAN);
    }
    return files.stream();
  }

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void theImportedTreeRoutesAsAlertmanager(Path file) throws Exception {
    if (!isRoot()) {
      assumeTrue(Files.isExecutable(AMTOOL), "amtool is not installed (CI runs as root with it)");
    }
    assertThat(file).as("Debian's example configuration (prometheus-alertmanager)").exists();
    String check = run(AMTOOL.toString(), "check-config", file.toString());
    assertThat(check).as("amtool check-config " + file).contains("SUCCESS").doesNotContain("FAILED");
    var router = AlertmanagerConfig.routes(file);
    Map<Map<String, String>, String> sextant = new LinkedHashMap<>();
    Map<Map<String, String>, String> amtool = new LinkedHashMap<>();
    for (Map<String, String> labels : LABELS) {
      List<String> args = new ArrayList<>(List.of(AMTOOL.toString(), "config", "routes", "test",
          "--config.file=" + file));
      labels.forEach((k, v) -> args.add(k + "=" + v));
      amtool.put(labels, run(args.toArray(String[]::new)).strip());
      sextant.put(labels, String.join(",", router.routesFor(labels).stream().map(Route::receiver).distinct().toList()));
    }
    assertThat(sextant).as("receivers per label set, Sextant vs amtool, for " + file).isEqualTo(amtool);
  }

  static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command)).isZero();
    return new String(out, StandardCharsets.UTF_8);
  }
}
