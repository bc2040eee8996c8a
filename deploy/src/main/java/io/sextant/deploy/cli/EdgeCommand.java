package io.sextant.deploy.cli;

import io.sextant.deploy.config.ProcessConfig;
import io.sextant.deploy.process.EdgeProcess;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sextant edge --site NAME --config FILE}: one site's edge pipeline as its own process. */
@Command(name = "edge", mixinStandardHelpOptions = true,
    description = {"Runs one edge site (collector, detectors, local repair) and sends what it produces through "
        + "its durable outbox to its own Pulsar namespace; applies the centre's commands. Runs until interrupted."})
public final class EdgeCommand implements Callable<Integer> {
  @Mixin
  ProcessOptions options;

  @Option(names = "--site", paramLabel = "NAME", description = "The site (overrides 'site' in the configuration).")
  String site;

  @Override
  public Integer call() throws Exception {
    ProcessConfig config = options.load();
    if (site != null) {
      config = config.withSite(site);
    }
    EdgeProcess edge = new EdgeProcess(config, Clock.systemUTC());
    CountDownLatch closed = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      edge.stop();
      try {
        closed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "edge-shutdown"));
    try {
      edge.run(System.out);
    } finally {
      edge.close();
      closed.countDown();
    }
    return 0;
  }
}
