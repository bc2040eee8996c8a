package io.sextant.deploy.cli;

import io.sextant.common.codec.JsonCodec;
import io.sextant.deploy.demo.Demo;
import io.sextant.deploy.demo.DemoReport;
import io.sextant.common.security.ApiTokens;
import io.sextant.store.PostgresStore;
import io.sextant.store.StoreConfig;
import io.sextant.store.Stores;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sextant demo}: the all-in-one system on a simulated cloud with injected faults. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Runs central and every edge site in one JVM on a simulated distributed cloud, injects the "
        + "demo's faults (inter-cloud link loss, GPU node failure, CPU saturation, a slow API its web depends on), "
        + "prints the live timeline and a summary scored against the ground truth.",
        "Exit code 0 when every fault was detected and located, every fault a runbook repairs repaired within 60 s, "
        + "and no false alarm was raised."})
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--seed", defaultValue = "1", description = "Seed of the simulated cloud (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--sites", defaultValue = "3", description = "Number of edge sites, 1..20 (default ${DEFAULT-VALUE}).")
  int sites;

  @Option(names = "--speed", defaultValue = "120",
      description = "Simulated seconds per wall second while faults play; 0 = as fast as possible "
          + "(default ${DEFAULT-VALUE}). The warm-up always runs at full speed.")
  double speed;

  @Option(names = "--warmup-minutes", defaultValue = "30",
      description = "Simulated minutes of fault-free history the detectors learn from (default ${DEFAULT-VALUE}).")
  long warmupMinutes;

  @Option(names = "--report", paramLabel = "FILE", description = "Also write the scored summary as JSON to FILE.")
  Path report;

  @Mixin
  StoreOptions store;

  @Option(names = {"-q", "--quiet"}, description = "Print only the summary.")
  boolean quiet;

  @Option(names = "--serve", description = "After the schedule, keep the system running at real time and serve the "
      + "centre's HTTP port (TMF642, Alertmanager v2, actions, views, /metrics) until Ctrl-C.")
  boolean serve;

  @Option(names = "--http-port", defaultValue = "8642", paramLabel = "PORT",
      description = "The port --serve listens on, on 127.0.0.1 (default ${DEFAULT-VALUE}; 0 = any free port).")
  int httpPort;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "With --serve: write the admin token to FILE and a viewer's to FILE.viewer (readable by you "
          + "only) instead of printing them.")
  Path tokenFile;

  @Option(names = "--hold-for-approval",
      description = "The central runbooks (reroute, migrate) wait for a person's approval, in the console or with "
          + "sextant actions approve; their faults then score as unrepaired unless approved within 60 s.")
  boolean holdForApproval;

  @Override
  public Integer call() throws IOException {
    StoreConfig config = store.config();
    if (!quiet) {
      System.out.println("Starting the central store: " + store.describe());
    }
    DemoReport result;
    AtomicBoolean serving = new AtomicBoolean(serve);
    CountDownLatch closed = new CountDownLatch(1);
    if (serve) {
      // Ctrl-C ends the serving loop; the JVM exits once the system and the store are closed.
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        serving.set(false);
        try {
          closed.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "demo-serve-shutdown"));
    }
    // The served port needs a token: a new admin token each run, printed or written to --token-file.
    String token = serve ? ApiTokens.newToken() : null;
    String viewerToken = serve ? ApiTokens.newToken() : null;
    if (token != null && tokenFile != null) {
      writeSecret(tokenFile, token);
      writeSecret(tokenFile.resolveSibling(tokenFile.getFileName() + ".viewer"), viewerToken);
    }
    try (PostgresStore store = Stores.open(config)) {
      result = Demo.run(new Demo.Options(seed, sites, speed, Duration.ofMinutes(warmupMinutes), quiet,
          serve ? new InetSocketAddress("127.0.0.1", httpPort) : null, token, token == null ? null : tokenFile,
          viewerToken, holdForApproval), store,
          System.out, serving::get);
    } finally {
      closed.countDown();
    }
    if (report != null) {
      Path parent = report.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(report, JsonCodec.get().mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(result));
      System.out.println("Report written to " + report);
    }
    return result.allRepairedWithin(60) ? 0 : 1;
  }

  private static void writeSecret(Path file, String secret) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.deleteIfExists(file);
    try {
      Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
          java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file); // not a POSIX file system
    }
    Files.writeString(file, secret + "\n");
  }
}
