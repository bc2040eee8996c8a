package io.sextant.deploy.cli;

import io.sextant.bus.pulsar.PulsarBusConfig;
import io.sextant.pulsar.launcher.BrokerProcess;
import io.sextant.pulsar.launcher.Protocol;
import io.sextant.testkit.sim.CloudSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sextant pulsar}: a Pulsar standalone on loopback for the lab and for trying the distributed
 * mode. The broker runs in a child JVM on its own class path (pulsar-standalone); this JVM only
 * starts it, prints where it is, and stops it on Ctrl-C.
 */
@Command(name = "pulsar", mixinStandardHelpOptions = true,
    description = {"Starts an Apache Pulsar standalone (broker, bookie, metadata store) in a child JVM, bound to "
        + "127.0.0.1, on port 6650 if it is free (else a free port), with its data in a temporary directory "
        + "deleted on exit unless --data-dir is given. Creates tenant 'sextant' and a namespace per site "
        + "('central', 'edge-1'..'edge-N'), prints the service URL and runs until interrupted (Ctrl-C).",
        "Not for production: point central and edges at your Pulsar cluster instead (docs/operations.md)."})
public final class PulsarCommand implements Callable<Integer> {
  /**
   * Printed once the broker is up: {@code SEXTANT PULSAR READY pulsar://127.0.0.1:PORT http://127.0.0.1:PORT
   * broker-port=PORT} (the launcher's ready line; the service URL is the first word after the marker).
   */
  public static final String READY = Protocol.READY;
  /** Pulsar's usual port, which the shipped example configurations (deploy/config) point at. */
  public static final int DEFAULT_PORT = 6650;

  @Option(names = "--sites", defaultValue = "3",
      description = "Create namespaces for 'central' and edge-1..edge-N (default ${DEFAULT-VALUE}).")
  int sites;

  @Option(names = "--namespace", paramLabel = "NAME", description = "Also create this namespace (repeatable).")
  List<String> extra = new ArrayList<>();

  @Option(names = "--port", defaultValue = "" + DEFAULT_PORT, paramLabel = "PORT",
      description = "The broker's port (default ${DEFAULT-VALUE}; a free port when it is taken; 0 for a free port).")
  int port;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Keep the broker's data (and its ports) in DIR across runs instead of a temporary directory.")
  Path dataDir;

  @Option(names = "--url-file", paramLabel = "FILE",
      description = "Also write the service URL and the web service URL to FILE, a line each.")
  Path urlFile;

  @Option(names = "--log", paramLabel = "FILE",
      description = "Append the broker's log to FILE (default: a temporary file, deleted on a clean exit).")
  Path log;

  @Override
  public Integer call() throws Exception {
    Set<String> namespaces = new LinkedHashSet<>(CloudSpec.defaults().withEdgeSites(sites).siteIds());
    namespaces.addAll(extra);
    int chosen = port;
    if (port != 0 && !isFree(port)) {
      System.out.println("Port " + port + " is taken: the broker takes a free port instead (see the service URL below).");
      chosen = 0;
    }
    System.out.println("Starting a Pulsar standalone on loopback in a child JVM (about 10-40 s)...");
    BrokerProcess.Options options = BrokerProcess.Options.of(PulsarBusConfig.DEFAULT_TENANT, List.copyOf(namespaces))
        .withBrokerPort(chosen).withDataDir(dataDir).withUrlFile(urlFile).withLog(log);
    BrokerProcess pulsar = BrokerProcess.start(options);
    Thread hook = new Thread(pulsar::close, "pulsar-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    System.out.println("Pulsar service URL: " + pulsar.serviceUrl());
    System.out.println("Pulsar web service URL (admin): " + pulsar.webServiceUrl());
    System.out.println("Tenant '" + PulsarBusConfig.DEFAULT_TENANT + "', namespaces " + namespaces);
    System.out.println("Broker pid " + pulsar.pid() + ", log " + pulsar.log() + ", up in "
        + pulsar.startedIn().toMillis() + " ms");
    System.out.println(pulsar.ready().format());
    System.out.flush();
    int exit = pulsar.waitFor();
    // Only reached when the broker ended by itself (Ctrl-C ends this JVM first).
    System.err.println("The Pulsar standalone exited with " + exit + "; last output:\n" + pulsar.tail(30));
    Runtime.getRuntime().removeShutdownHook(hook);
    return 1;
  }

  private static boolean isFree(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
