package io.sextant.deploy.cli;

import io.sextant.bus.pulsar.BusSettings;
import io.sextant.sim.SimulationSettings;
import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine.Option;

/** Options shared by {@code sextant central} and {@code sextant edge}: the file and what may override it. */
public final class ProcessOptions {
  @Option(names = "--config", required = true, paramLabel = "FILE",
      description = "YAML configuration (examples in config/ of the distribution, deploy/config/ of a checkout).")
  Path config;

  @Option(names = "--start-wall", paramLabel = "INSTANT",
      description = "Overrides simulation.start-wall: the wall-clock instant (ISO-8601 UTC) at which simulated "
          + "time starts; give every process the same one.")
  Instant startWall;

  @Option(names = "--service-url", paramLabel = "URL", description = "Overrides bus.service-url.")
  String serviceUrl;

  BusSettings bus(BusSettings b) {
    return serviceUrl == null ? b : b.withServiceUrl(serviceUrl);
  }

  SimulationSettings simulation(SimulationSettings s) {
    return s == null || startWall == null ? s : s.withStartWall(startWall);
  }
}
