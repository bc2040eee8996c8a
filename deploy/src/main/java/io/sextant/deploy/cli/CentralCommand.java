package io.sextant.deploy.cli;

import io.sextant.node.central.CentralNode;
import io.sextant.node.central.config.CentralConfig;
import io.sextant.node.central.config.CentralConfigFile;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sextant central --config FILE}: the central node as its own process over Pulsar. */
@Command(name = "central", mixinStandardHelpOptions = true,
    description = {"Runs the centre (ingest into the store, localization, the alarm service with its HTTP API, the "
        + "closed loop, models and upload policies) over Pulsar, reading every served site's namespace. Runs until "
        + "interrupted."})
public final class CentralCommand implements Callable<Integer> {
  @Mixin
  ProcessOptions options;

  @Option(names = "--jdbc-url", description = "Overrides store.jdbc-url.")
  String jdbcUrl;

  @Override
  public Integer call() throws Exception {
    CentralConfig c = CentralConfigFile.load(options.config);
    c = c.withBus(options.bus(c.bus())).withSimulation(options.simulation(c.simulation()));
    if (jdbcUrl != null) {
      c = c.withStore(c.store().withJdbcUrl(jdbcUrl));
    }
    CentralNode central = new CentralNode(c, Clock.systemUTC());
    return NodeRunner.run(central::run, central::stop, central::close, "central-shutdown");
  }
}
