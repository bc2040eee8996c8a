package io.sextant.node.central.bench;

import io.sextant.testkit.bench.KeepAliveSenders;
import io.sextant.testkit.bench.ProcessCpu;
import io.sextant.testkit.bench.SideBySide;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The intake bench's senders, in a JVM of their own, as Prometheus is a process of its own: in the
 * server's JVM their payloads (~100 MB a round), their HTTP client's garbage and their compiled
 * code were collected and compiled by the server's GC and JIT threads, and charged to Sextant,
 * while Alertmanager, a process apart, never paid for them.
 *
 * <p>Generates {@link AlertWorkload} itself (deterministic for its seed) and answers one line for
 * each command line on stdin: {@code gen NOW_MILLIS EVALUATIONS} ({@code mix NEW RESENT RESOLVED
 * POSTS}), {@code post URI} ({@code done SECONDS}: every payload of the last {@code gen} posted by
 * the senders), {@code quit}. A failure answers {@code error MESSAGE} and ends the process.
 *
 * <p>The senders are {@link KeepAliveSenders} (a plain socket each, ~0.4 µs of CPU an alert);
 * {@code -Dbench.client=jdk} makes them the JDK's {@code HttpClient} instead (~2.5 µs an alert, the
 * client of the bench's runs before 2026-12-07 16:00 UTC). Their CPU is the machine's, taken from
 * both sides alike, so a heavier client narrows the ratio of rates towards one.
 */
public final class SenderProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final BufferedReader answers;
  private final PrintStream commands;

  private SenderProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
    this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
  }

  /** Starts the senders' JVM on this JVM's class path; its log goes to {@code log}. */
  static SenderProcess start(int hosts, long seed, Instant firingSince, double churn, int senders, Path log)
      throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-Xmx1g", "-cp", System.getProperty("java.class.path"),
        SenderProcess.class.getName(), Integer.toString(hosts), Long.toString(seed),
        Long.toString(firingSince.toEpochMilli()), Double.toString(churn), Integer.toString(senders),
        System.getProperty("bench.client", "keepalive"))
        .redirectError(log.toFile()).start();
    return new SenderProcess(p, log);
  }

  /** Generates a round's payloads in the senders' JVM; returns new, re-sent, resolved alerts and POSTs. */
  int[] generate(Instant now, int evaluations) throws IOException {
    String[] mix = ask("gen " + now.toEpochMilli() + " " + evaluations, "mix");
    return new int[] {Integer.parseInt(mix[1]), Integer.parseInt(mix[2]), Integer.parseInt(mix[3]),
        Integer.parseInt(mix[4])};
  }

  /** Posts the round's payloads to {@code uri}; the seconds it took. */
  double post(URI uri) throws IOException {
    return Double.parseDouble(ask("post " + uri, "done")[1]);
  }

  /** CPU nanoseconds the senders' JVM has used so far. */
  long cpuNanos() {
    return ProcessCpu.ticks(process.pid(), false) * ProcessCpu.NANOS_PER_TICK;
  }

  private String[] ask(String command, String expected) throws IOException {
    commands.println(command);
    String line = answers.readLine();
    if (line == null || !line.startsWith(expected + " ")) {
      throw new IllegalStateException(
          "senders answered '" + line + "' to '" + command + "' (their log: " + log + ")");
    }
    return line.split(" ");
  }

  @Override
  public void close() throws InterruptedException {
    commands.println("quit");
    if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  /** Args: hosts, seed, firingSince (epoch millis), churn, senders, client ({@code keepalive} or {@code jdk}). */
  public static void main(String[] args) throws Exception {
    AlertWorkload workload = new AlertWorkload(Integer.parseInt(args[0]), Long.parseLong(args[1]),
        Instant.ofEpochMilli(Long.parseLong(args[2])), Double.parseDouble(args[3]));
    int senders = Integer.parseInt(args[4]);
    AtomicInteger no = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(senders, r -> new Thread(r, "sender-" + no.incrementAndGet()));
    boolean jdkClient = args.length > 5 && args[5].equals("jdk");
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    List<byte[]> payloads = new ArrayList<>();
    try {
      for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
        String[] w = line.split(" ");
        if (w[0].equals("gen")) {
          Instant now = Instant.ofEpochMilli(Long.parseLong(w[1]));
          int[] mix = new int[3];
          payloads = new ArrayList<>();
          for (int e = 0; e < Integer.parseInt(w[2]); e++) {
            payloads.addAll(workload.evaluate(now.plusMillis(e), mix));
          }
          out.printf("mix %d %d %d %d%n", mix[0], mix[1], mix[2], payloads.size());
        } else if (w[0].equals("post")) {
          double seconds = jdkClient ? SideBySide.postAll(http, pool, senders, URI.create(w[1]), payloads)
              : KeepAliveSenders.postAll(pool, senders, URI.create(w[1]), payloads);
          out.printf(java.util.Locale.ROOT, "done %.6f%n", seconds);
        } else {
          out.println("error unknown command '" + line + "'");
          return;
        }
      }
    } catch (Exception e) {
      out.println("error " + e);
      e.printStackTrace();
    } finally {
      pool.shutdownNow();
    }
  }
}
