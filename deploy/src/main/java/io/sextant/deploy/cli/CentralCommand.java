package io.sextant.deploy.cli;

import io.sextant.deploy.config.ProcessConfig;
import io.sextant.deploy.process.CentralProcess;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sextant central --config FILE}: the central pipeline as its own process over Pulsar. */
@Command(name = "central", mixinStandardHelpOptions = true,
    description = {"Runs the central pipeline (ingest into the store, localization, alarms, closed loop) over "
        + "Pulsar, reading every served site's namespace and sending actions to the sites as commands. Runs until "
        + "interrupted."})
public final class CentralCommand implements Callable<Integer> {
  @Mixin
  ProcessOptions options;

  @Option(names = "--jdbc-url", description = "Overrides store.jdbc-url.")
  String jdbcUrl;

  @Override
  public Integer call() throws Exception {
    ProcessConfig config = options.load();
    if (jdbcUrl != null) {
      config = config.withStore(config.store().withJdbcUrl(jdbcUrl));
    }
    CentralProcess central = new CentralProcess(config, Clock.systemUTC());
    CountDownLatch closed = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      central.stop();
      try {
        closed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "central-shutdown"));
    try {
      central.run(System.out);
    } finally {
      central.close();
      closed.countDown();
    }
    return 0;
  }
}
