package io.sextant.pulsar.standalone;

import io.sextant.pulsar.launcher.Protocol;
import io.sextant.pulsar.launcher.ReadyLine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The standalone as a child JVM, under {@link Protocol}: starts it, prints the ready line on
 * standard output, then runs the commands read on standard input until that input ends (the parent
 * closed it, or died), and exits. SIGTERM also stops it cleanly. A temporary data directory (no
 * {@code --data-dir}) is deleted on the way out.
 *
 * <pre>
 * java -cp &lt;broker class path&gt; io.sextant.pulsar.standalone.Main --tenant sextant
 *     [--namespace NAME]... [--listener NAME]... [--token-secret-key-file FILE]
 *     [--data-dir DIR] [--port PORT (0 = free)] [--url-file FILE] [--host IPV4]
 * </pre>
 */
public final class Main {
  private Main() {}

  /** The parsed command line. */
  record Args(String tenant, List<String> namespaces, List<String> listeners, Path tokenSecretKeyFile, Path dataDir,
      int port, Path urlFile, String host) {
    static Args parse(String[] args) {
      String tenant = null;
      List<String> namespaces = new ArrayList<>();
      List<String> listeners = new ArrayList<>();
      Path key = null;
      Path dataDir = null;
      int port = 0;
      Path urlFile = null;
      String host = PulsarStandalone.Options.LOOPBACK;
      for (int i = 0; i < args.length; i++) {
        String option = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(option + ": a value is missing");
        }
        String value = args[++i];
        switch (option) {
          case "--tenant" -> tenant = value;
          case "--namespace" -> namespaces.add(value);
          case "--listener" -> listeners.add(value);
          case "--token-secret-key-file" -> key = Path.of(value);
          case "--data-dir" -> dataDir = Path.of(value);
          case "--port" -> port = Integer.parseInt(value);
          case "--url-file" -> urlFile = Path.of(value);
          case "--host" -> host = value;
          default -> throw new IllegalArgumentException("unknown option " + option);
        }
      }
      if (tenant == null) {
        throw new IllegalArgumentException("--tenant: required");
      }
      return new Args(tenant, List.copyOf(namespaces), List.copyOf(listeners), key, dataDir, port, urlFile,
          host);
    }
  }

  public static void main(String[] argv) {
    Args args;
    byte[] key;
    try {
      args = Args.parse(argv);
      key = args.tokenSecretKeyFile() == null ? null : Files.readAllBytes(args.tokenSecretKeyFile());
    } catch (IllegalArgumentException | IOException e) {
      System.err.println("Pulsar standalone: " + e.getMessage());
      System.exit(2);
      return;
    }
    AtomicReference<PulsarStandalone> running = new AtomicReference<>();
    CountDownLatch started = new CountDownLatch(1);
    Path dir;
    try {
      dir = args.dataDir() != null ? args.dataDir() : Files.createTempDirectory("sextant-pulsar-");
    } catch (IOException e) {
      System.err.println("Pulsar standalone: cannot create a data directory: " + e);
      System.exit(1);
      return;
    }
    Runnable shutdown = shutdown(running, args.dataDir() == null ? dir : null);
    // On SIGTERM. Not enough alone: after a stop-broker, the old bookie's own shutdown hook has
    // already run, and the JVM then fails to start the remaining hooks (ours may be among them);
    // hence the orderly stop on the end of standard input below, which the launcher uses first.
    Runtime.getRuntime().addShutdownHook(new Thread(shutdown, "pulsar-standalone-shutdown"));
    // Read commands from the start, so the end of the input stops a standalone still starting.
    Thread commands = new Thread(() -> {
      readCommands(running, started);
      shutdown.run();
      System.exit(0);
    }, "pulsar-standalone-commands");
    commands.setDaemon(false); // keeps the JVM up while the broker is stopped
    commands.start();

    try {
      long t0 = System.nanoTime();
      PulsarStandalone pulsar = PulsarStandalone.start(new PulsarStandalone.Options(args.tenant(), args.namespaces(),
          key, args.listeners(), args.port(), dir, args.host()));
      running.set(pulsar);
      ReadyLine where = pulsar.where();
      if (args.urlFile() != null) {
        Files.writeString(args.urlFile(), where.serviceUrl() + "\n" + where.webServiceUrl() + "\n", StandardCharsets.UTF_8);
      }
      System.err.printf("Pulsar standalone up in %d ms in %s%n", (System.nanoTime() - t0) / 1_000_000, dir);
      System.out.println(where.format());
      System.out.flush();
      started.countDown();
    } catch (Exception | Error e) {
      System.err.println("Pulsar standalone: the start failed");
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static void readCommands(AtomicReference<PulsarStandalone> running, CountDownLatch started) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        String command = line.strip();
        if (command.isEmpty()) {
          continue;
        }
        started.await();
        answer(command, run(command, running.get()));
      }
    } catch (IOException e) {
      System.err.println("Pulsar standalone: reading commands failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Closes the standalone and deletes {@code temporaryDir} (if not null), once. */
  private static Runnable shutdown(AtomicReference<PulsarStandalone> running, Path temporaryDir) {
    AtomicBoolean done = new AtomicBoolean();
    return () -> {
      if (!done.compareAndSet(false, true)) {
        return;
      }
      PulsarStandalone p = running.getAndSet(null);
      try {
        if (p != null) {
          p.close();
        }
      } catch (RuntimeException e) {
        System.err.println("Pulsar standalone: " + e.getMessage());
      } finally {
        if (temporaryDir != null) {
          deleteTree(temporaryDir);
        }
        System.err.println("Pulsar standalone: stopped" + (temporaryDir != null ? ", " + temporaryDir + " deleted" : ""));
      }
    };
  }

  /** Runs one command; null when it succeeded, else why it failed. */
  private static String run(String command, PulsarStandalone pulsar) {
    try {
      switch (command) {
        case Protocol.STOP_BROKER -> pulsar.stopBroker();
        case Protocol.RESTART_BROKER -> pulsar.restartBroker();
        default -> {
          return "unknown command";
        }
      }
      return null;
    } catch (Exception e) {
      e.printStackTrace();
      return e.toString().replace('\n', ' ');
    }
  }

  private static void answer(String command, String failure) {
    System.out.println(failure == null ? Protocol.DONE + " " + command : Protocol.FAILED + " " + command + ": " + failure);
    System.out.flush();
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // A leftover temporary directory is not worth failing a shutdown for.
    }
  }
}
