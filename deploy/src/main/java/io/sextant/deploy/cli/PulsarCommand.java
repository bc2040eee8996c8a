package io.sextant.deploy.cli;

import io.sextant.bus.pulsar.PulsarBusConfig;
import io.sextant.bus.pulsar.standalone.PulsarStandalone;
import io.sextant.sim.CloudSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sextant pulsar}: a Pulsar standalone on loopback for the lab and for trying the distributed mode. */
@Command(name = "pulsar", mixinStandardHelpOptions = true,
    description = {"Starts an Apache Pulsar standalone (broker, bookie, metadata store) in this JVM, bound to "
        + "127.0.0.1 on free ports, with its data in a temporary directory deleted on exit. Creates tenant "
        + "'sextant' and a namespace per site ('central', 'edge-1'..'edge-N'), prints the service URL and runs "
        + "until interrupted (Ctrl-C).",
        "Not for production: point central and edges at your Pulsar cluster instead (docs/operations.md)."})
public final class PulsarCommand implements Callable<Integer> {
  /** Printed once the broker is up: {@code SEXTANT PULSAR READY pulsar://127.0.0.1:PORT}. */
  public static final String READY = "SEXTANT PULSAR READY";

  @Option(names = "--sites", defaultValue = "3",
      description = "Create namespaces for 'central' and edge-1..edge-N (default ${DEFAULT-VALUE}).")
  int sites;

  @Option(names = "--namespace", paramLabel = "NAME", description = "Also create this namespace (repeatable).")
  List<String> extra = new ArrayList<>();

  @Option(names = "--url-file", paramLabel = "FILE", description = "Also write the service URL to FILE.")
  Path urlFile;

  @Override
  public Integer call() throws Exception {
    Set<String> namespaces = new LinkedHashSet<>(CloudSpec.defaults().withEdgeSites(sites).siteIds());
    namespaces.addAll(extra);
    System.out.println("Starting a Pulsar standalone on loopback (about 10-40 s)...");
    PulsarStandalone pulsar = PulsarStandalone.start(
        new PulsarStandalone.Options(PulsarBusConfig.DEFAULT_TENANT, List.copyOf(namespaces), null));
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      pulsar.close();
      stopped.countDown();
    }, "pulsar-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    if (urlFile != null) {
      Files.writeString(urlFile, pulsar.serviceUrl() + "\n", StandardCharsets.UTF_8);
    }
    System.out.println("Pulsar service URL: " + pulsar.serviceUrl());
    System.out.println("Pulsar web service URL (admin): " + pulsar.webServiceUrl());
    System.out.println("Tenant '" + PulsarBusConfig.DEFAULT_TENANT + "', namespaces " + namespaces);
    System.out.println(READY + " " + pulsar.serviceUrl());
    System.out.flush();
    stopped.await();
    return 0;
  }
}
