package io.sextant.deploy.lab;

import io.sextant.deploy.config.SimulationSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        + simulation(sim);
    return write(dir.resolve("central.yaml"), yaml);
  }

  public static Path edge(Path dir, String serviceUrl, Path dataDir, SimulationSettings sim) throws IOException {
    String yaml = "site: edge-1\n"
        + "data-dir: " + dataDir.toAbsolutePath() + "\n"
        + bus(serviceUrl)
        + simulation(sim);
    return write(dir.resolve("edge.yaml"), yaml);
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
