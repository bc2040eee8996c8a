package io.sextant.deploy.lab;

import io.sextant.sim.SimulationSettings;
import io.sextant.edge.detect.DetectorRule;
import io.sextant.edge.detect.DetectorRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Writes the configuration files of a lab's processes, so they run exactly as an operator's would. */
public final class LabConfigs {
  private LabConfigs() {}

  public static Path central(Path dir, String serviceUrl, String jdbcUrl, List<String> sites, SimulationSettings sim)
      throws IOException {
    String yaml = "site: central\n"
        + "sites: [" + String.join(", ", sites) + "]\n"
        + bus(serviceUrl)
        + "store:\n  jdbc-url: " + jdbcUrl + "\n"
        + "http:\n  listen: 127.0.0.1:0   # any free port: the lab prints the URL when the centre is ready\n"
        + noData(sim)
        + "protection: {wait-to-restore: " + LAB_WAIT_TO_RESTORE.toSeconds() + "s}\n"
        + simulation(sim);
    return write(dir.resolve("central.yaml"), yaml);
  }

  /**
   * The lab's wait-to-restore, in simulated time: a minute instead of the default five, so a
   * rerouted link is restored before the next fault of the schedule starts, and the lab shows the
   * link's whole life without a longer schedule.
   */
  static final java.time.Duration LAB_WAIT_TO_RESTORE = java.time.Duration.ofMinutes(1);

  /**
   * The no-data watch runs on the centre's clock, which the lab speeds up: its times are scaled to
   * the fastest speed, so a site must be silent (or the centre behind) for {@link #NO_DATA_WALL} of
   * wall time, as a live centre's default allows, not a second of it (a pause of the busy lab
   * machine, the end of the run while the lab drains the outboxes).
   */
  static String noData(SimulationSettings sim) {
    double fastest = Math.max(sim.speed(), Math.max(sim.warmupSpeed(), sim.faultSpeed()));
    long seconds = Math.round(NO_DATA_WALL.toSeconds() * Math.max(1, fastest));
    return "no-data: {after: " + seconds + "s, behind-after: " + seconds + "s}\n";
  }

  /** Wall-clock time a lab site must be silent before the centre alarms. */
  static final java.time.Duration NO_DATA_WALL = java.time.Duration.ofSeconds(60);

  public static Path edge(Path dir, String serviceUrl, Path dataDir, SimulationSettings sim) throws IOException {
    return edge(dir, serviceUrl, dataDir, sim, null);
  }

  /** The same with {@code rules} as the edge's {@code detection.rules} (every field written); null for the defaults. */
  public static Path edge(Path dir, String serviceUrl, Path dataDir, SimulationSettings sim, DetectorRules rules)
      throws IOException {
    String yaml = "site: edge-1\n"
        + "data-dir: " + dataDir.toAbsolutePath() + "\n"
        + bus(serviceUrl)
        + simulation(sim)
        + (rules == null ? "" : detection(rules));
    return write(dir.resolve("edge.yaml"), yaml);
  }

  private static String detection(DetectorRules rules) {
    StringBuilder b = new StringBuilder("detection:\n  rules:\n");
    for (DetectorRule r : rules.byMetric().values().stream()
        .sorted(Comparator.comparing(DetectorRule::metric)).toList()) {
      b.append(String.format(Locale.ROOT, "  - metric: %s\n    detector: %s\n    direction: %s\n"
          + "    minAbsoluteEffect: %s\n    minRelativeEffect: %s\n    zThreshold: %s\n    pointsToFire: %d\n"
          + "    pointsToClear: %d\n    warmUpPoints: %d\n    sigmaFloor: %s\n",
          r.metric(), r.detector().configName(), r.direction().name().toLowerCase(Locale.ROOT), r.minAbsoluteEffect(),
          r.minRelativeEffect(), r.zThreshold(), r.pointsToFire(), r.pointsToClear(), r.warmUpPoints(), r.sigmaFloor()));
    }
    return b.toString();
  }

  private static String bus(String serviceUrl) {
    return "bus:\n  type: pulsar\n  service-url: " + serviceUrl + "\n";
  }

  private static String simulation(SimulationSettings s) {
    return String.format(Locale.ROOT, "simulation:\n  seed: %d\n  edge-sites: %d\n  warmup: %ds\n"
        + "  warmup-speed: %s\n  speed: %s\n  fault-speed: %s\n  epoch: %s\n  start-wall: %s\n  faults: %s\n%s",
        s.seed(), s.edgeSites(), s.warmup().toSeconds(), s.warmupSpeed(), s.speed(), s.faultSpeed(), s.epoch(), s.startWall(),
        s.faults().name().toLowerCase(Locale.ROOT),
        s.runFor() == null ? "" : "  run-for: " + s.runFor().toSeconds() + "s\n");
  }

  private static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }
}
