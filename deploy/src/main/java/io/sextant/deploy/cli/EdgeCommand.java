package io.sextant.deploy.cli;

import io.sextant.node.edge.EdgeNode;
import io.sextant.node.edge.config.EdgeConfig;
import io.sextant.node.edge.config.EdgeConfigFile;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sextant edge --site NAME --config FILE}: one site's edge node as its own process. */
@Command(name = "edge", mixinStandardHelpOptions = true,
    description = {"Runs one edge site (collector, detectors, pushed models, local repair) and sends what it "
        + "produces through its durable outbox to its own Pulsar namespace; carries out the centre's commands. "
        + "Runs until interrupted."})
public final class EdgeCommand implements Callable<Integer> {
  @Mixin
  ProcessOptions options;

  @Option(names = "--site", paramLabel = "NAME", description = "The site (overrides 'site' in the configuration).")
  String site;

  @Override
  public Integer call() throws Exception {
    EdgeConfig c = EdgeConfigFile.load(options.config, site);
    c = c.withBus(options.bus(c.bus())).withSimulation(options.simulation(c.simulation()));
    EdgeNode edge = new EdgeNode(c, Clock.systemUTC());
    return NodeRunner.run(edge::run, edge::stop, edge::close, "edge-shutdown");
  }
}
