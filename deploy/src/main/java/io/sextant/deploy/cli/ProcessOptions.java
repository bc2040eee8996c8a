package io.sextant.deploy.cli;

import io.sextant.deploy.config.ConfigFiles;
import io.sextant.deploy.config.ProcessConfig;
import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine.Option;

/** Options shared by {@code sextant central} and {@code sextant edge}. */
public final class ProcessOptions {
  @Option(names = "--config", required = true, paramLabel = "FILE",
      description = "YAML configuration (examples in deploy/config/).")
  Path config;

  @Option(names = "--start-wall", paramLabel = "INSTANT",
      description = "Overrides simulation.start-wall: the wall-clock instant (ISO-8601 UTC) at which simulated "
          + "time starts; give every process the same one.")
  Instant startWall;

  @Option(names = "--service-url", paramLabel = "URL", description = "Overrides bus.service-url.")
  String serviceUrl;

  ProcessConfig load() {
    ProcessConfig c = ConfigFiles.load(config);
    if (serviceUrl != null) {
      var b = c.bus();
      c = c.withBus(new io.sextant.deploy.config.BusSettings(b.type(), serviceUrl, b.tenant(), b.authTokenFile(),
          b.tlsTrustCertsFile(), b.tlsHostnameVerification()));
    }
    if (startWall != null && c.simulation() != null) {
      c = c.withSimulation(c.simulation().withStartWall(startWall));
    }
    return c;
  }
}
