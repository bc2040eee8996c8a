package io.sextant.pulsar.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Pulsar standalone (metadata store, one bookie, one broker, on loopback) in a child JVM on the
 * broker's own class path ({@link BrokerClassPath}), so the parent needs none of the broker's
 * libraries. {@link #start} returns once the child has printed its ready line: the tenant and
 * namespaces exist and clients can connect.
 *
 * <p>The child's standard error (the broker's logs) is appended to {@link #log()}, and its last
 * lines are quoted in every error. The child exits when its standard input ends, so it does not
 * outlive this JVM even if this JVM is killed; {@link #close()} ends that input, then sends
 * SIGTERM and SIGKILL if the child is still there after {@link #GRACE} each. {@link #pid()} is the
 * broker JVM itself (SIGSTOP freezes the broker).
 *
 * <p>Thread-safe; commands ({@link #stopBroker()}, {@link #restartBroker()}) run one at a time.
 */
public final class BrokerProcess implements AutoCloseable {
  public static final String DEFAULT_HEAP = "768m";
  public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofMinutes(5);
  /** How long a stop or restart may take; a restart on a busy 2-core machine can take minutes. */
  public static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);
  /** Between the steps of {@link #close()}. */
  public static final Duration GRACE = Duration.ofSeconds(20);
  /** Set in the parent JVM (e.g. {@code info}), forwarded to the child: the broker's log level, WARN by default. */
  public static final String LOG_LEVEL_PROPERTY = "sextant.pulsar.log.level";
  /**
   * Set in the parent JVM, added to the child's command line: more JVM options for the broker,
   * separated by spaces. The build sets {@code -XX:TieredStopAtLevel=1 -XX:+UseSerialGC} for its
   * test JVMs (root pom): a test broker carries little traffic, and without C2 and G1's threads it
   * starts on about 40 % less CPU, which a suite booting a broker per test class on 2 cores feels.
   */
  public static final String JVM_OPTIONS_PROPERTY = "sextant.pulsar.jvm.options";
  private static final String END = "\u0000end";

  /**
   * What to start.
   *
   * @param tenant created at start, with the namespaces below
   * @param namespaces created under the tenant
   * @param tokenSecretKeyFile the HMAC key (at least 32 bytes, raw) for token authentication, or
   *     null for none; with it every connection needs a token ({@link Tokens}), and
   *     {@link Protocol#SUPER_USER} is the super user
   * @param listeners extra advertised listener names ({@link ReadyLine#listenerUrls()})
   * @param dataDir where the standalone keeps its data (and its ports, reused on the next start),
   *     or null for a temporary directory the child deletes when it exits
   * @param brokerPort the broker's port, or 0 for a free one
   * @param urlFile a file the child writes its service URL and web service URL to (a line each),
   *     or null
   * @param heap the child's maximum heap, as {@code -Xmx} takes it
   * @param log the file the child's output is appended to, or null for a temporary file deleted
   *     by a clean {@link #close()}
   * @param readyTimeout how long {@link #start} waits for the ready line
   * @param host the IPv4 address the broker binds and advertises, or null for loopback (a lab
   *     whose clients run in other network namespaces gives an address they reach)
   */
  public record Options(String tenant, List<String> namespaces, Path tokenSecretKeyFile, List<String> listeners,
      Path dataDir, int brokerPort, Path urlFile, String heap, Path log, Duration readyTimeout, String host) {
    public Options(String tenant, List<String> namespaces, Path tokenSecretKeyFile, List<String> listeners,
        Path dataDir, int brokerPort, Path urlFile, String heap, Path log, Duration readyTimeout) {
      this(tenant, namespaces, tokenSecretKeyFile, listeners, dataDir, brokerPort, urlFile, heap, log, readyTimeout,
          null);
    }

    public Options {
      requireName("tenant", tenant);
      namespaces = List.copyOf(namespaces);
      namespaces.forEach(n -> requireName("namespaces", n));
      listeners = listeners == null ? List.of() : List.copyOf(listeners);
      for (String l : listeners) {
        requireName("listeners", l);
        if (l.equals(Protocol.INTERNAL_LISTENER)) {
          throw new IllegalArgumentException("listeners: '" + l + "' is the broker's own listener");
        }
      }
      if (brokerPort < 0 || brokerPort > 65535) {
        throw new IllegalArgumentException("brokerPort: 0 (a free port) to 65535, not " + brokerPort);
      }
      if (heap == null || !heap.matches("[0-9]+[kKmMgG]")) {
        throw new IllegalArgumentException("heap: a size such as 768m, not " + heap);
      }
      if (readyTimeout == null || readyTimeout.isNegative() || readyTimeout.isZero()) {
        throw new IllegalArgumentException("readyTimeout: positive, not " + readyTimeout);
      }
    }

    /** Tenant and namespaces, everything else by default: free port, temporary data, no tokens. */
    public static Options of(String tenant, List<String> namespaces) {
      return new Options(tenant, namespaces, null, List.of(), null, 0, null, DEFAULT_HEAP, null, DEFAULT_READY_TIMEOUT,
          null);
    }

    public static Options of(String tenant, String... namespaces) {
      return of(tenant, List.of(namespaces));
    }

    public Options withTokenSecretKeyFile(Path file) {
      return new Options(tenant, namespaces, file, listeners, dataDir, brokerPort, urlFile, heap, log, readyTimeout,
          host);
    }

    public Options withListener(String name) {
      List<String> more = new ArrayList<>(listeners);
      more.add(name);
      return new Options(tenant, namespaces, tokenSecretKeyFile, more, dataDir, brokerPort, urlFile, heap, log,
          readyTimeout, host);
    }

    public Options withDataDir(Path dir) {
      return new Options(tenant, namespaces, tokenSecretKeyFile, listeners, dir, brokerPort, urlFile, heap, log,
          readyTimeout, host);
    }

    public Options withBrokerPort(int port) {
      return new Options(tenant, namespaces, tokenSecretKeyFile, listeners, dataDir, port, urlFile, heap, log,
          readyTimeout, host);
    }

    public Options withUrlFile(Path file) {
      return new Options(tenant, namespaces, tokenSecretKeyFile, listeners, dataDir, brokerPort, file, heap, log,
          readyTimeout, host);
    }

    public Options withHeap(String size) {
      return new Options(tenant, namespaces, tokenSecretKeyFile, listeners, dataDir, brokerPort, urlFile, size, log,
          readyTimeout, host);
    }

    public Options withLog(Path file) {
      return new Options(tenant, namespaces, tokenSecretKeyFile, listeners, dataDir, brokerPort, urlFile, heap, file,
          readyTimeout, host);
    }

    public Options withReadyTimeout(Duration timeout) {
      return new Options(tenant, namespaces, tokenSecretKeyFile, listeners, dataDir, brokerPort, urlFile, heap, log,
          timeout, host);
    }

    /** The same, bound to and advertised at {@code address} instead of loopback. */
    public Options withHost(String address) {
      return new Options(tenant, namespaces, tokenSecretKeyFile, listeners, dataDir, brokerPort, urlFile, heap, log,
          readyTimeout, address);
    }

    /** The child's arguments (see {@code io.sextant.pulsar.standalone.Main}). */
    List<String> arguments() {
      List<String> args = new ArrayList<>(List.of("--tenant", tenant, "--port", Integer.toString(brokerPort)));
      namespaces.forEach(n -> args.addAll(List.of("--namespace", n)));
      listeners.forEach(l -> args.addAll(List.of("--listener", l)));
      if (tokenSecretKeyFile != null) {
        args.addAll(List.of("--token-secret-key-file", tokenSecretKeyFile.toAbsolutePath().toString()));
      }
      if (dataDir != null) {
        args.addAll(List.of("--data-dir", dataDir.toAbsolutePath().toString()));
      }
      if (urlFile != null) {
        args.addAll(List.of("--url-file", urlFile.toAbsolutePath().toString()));
      }
      if (host != null) {
        args.addAll(List.of("--host", host));
      }
      return args;
    }

    private static void requireName(String field, String name) {
      if (name == null || !name.matches("[A-Za-z0-9_-]+")) {
        throw new IllegalArgumentException(field + ": letters, digits, '_' and '-' only, not '" + name + "'");
      }
    }
  }

  private final Process process;
  private final Path log;
  private final boolean deleteLog;
  private final CompletableFuture<ReadyLine> ready = new CompletableFuture<>();
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
  private final Duration startedIn;
  private volatile boolean closing;

  private BrokerProcess(Process process, Path log, boolean deleteLog, long t0, Duration readyTimeout)
      throws IOException, InterruptedException {
    this.process = process;
    this.log = log;
    this.deleteLog = deleteLog;
    Thread reader = new Thread(this::readOutput, "pulsar-standalone-" + process.pid());
    reader.setDaemon(true);
    reader.start();
    try {
      ready.get(readyTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IOException("the Pulsar standalone (pid " + process.pid() + ") was not ready within " + readyTimeout
          + "; last output:\n" + tail(40));
    } catch (ExecutionException e) {
      throw new IOException(e.getCause().getMessage() + "; last output:\n" + tail(40), e.getCause());
    }
    this.startedIn = Duration.ofNanos(System.nanoTime() - t0);
  }

  /** Starts the child and waits for its ready line; on failure the child is gone and the error quotes its log. */
  public static BrokerProcess start(Options options) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    Path log = options.log() != null ? options.log() : Files.createTempFile("sextant-pulsar-", ".log");
    ProcessBuilder pb = new ProcessBuilder(command(options, BrokerClassPath.find()))
        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Process process = pb.start();
    try {
      return new BrokerProcess(process, log, options.log() == null, t0, options.readyTimeout());
    } catch (IOException | InterruptedException | RuntimeException e) {
      kill(process);
      if (options.log() == null) {
        Files.deleteIfExists(log); // its tail is in the exception
      }
      throw e;
    }
  }

  static List<String> command(Options options, String classPath) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + options.heap());
    String jvmOptions = System.getProperty(JVM_OPTIONS_PROPERTY, "").strip();
    if (!jvmOptions.isEmpty()) {
      cmd.addAll(List.of(jvmOptions.split("\\s+")));
    }
    // The broker's own log configuration, from this module's jar: logs on standard error, which the
    // launcher keeps in a file; a log4j2.xml under its usual name would configure the parent too.
    cmd.add("-Dlog4j2.configurationFile=io/sextant/pulsar/standalone/log4j2-standalone.xml");
    String level = System.getProperty(LOG_LEVEL_PROPERTY);
    if (level != null) {
      cmd.add("-D" + LOG_LEVEL_PROPERTY + "=" + level);
    }
    // What Pulsar's own start scripts open on Java 17 (Netty's direct buffers, JVM metrics).
    for (String open : List.of("java.base/java.nio", "java.base/sun.nio.ch", "java.base/jdk.internal.misc",
        "java.base/java.io", "java.base/java.util.zip", "java.base/sun.net", "java.management/sun.management",
        "jdk.management/com.sun.management.internal", "java.base/jdk.internal.platform")) {
      cmd.add("--add-opens=" + open + "=ALL-UNNAMED");
    }
    cmd.add("-Dio.netty.tryReflectionSetAccessible=true");
    cmd.add("-cp");
    cmd.add(classPath);
    cmd.add(Protocol.MAIN_CLASS);
    cmd.addAll(options.arguments());
    return cmd;
  }

  private void readOutput() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith(Protocol.READY + " ") && !ready.isDone()) {
          try {
            ready.complete(ReadyLine.parse(line));
          } catch (IllegalArgumentException e) {
            ready.completeExceptionally(e);
          }
        } else if (line.startsWith(Protocol.DONE + " ") || line.startsWith(Protocol.FAILED + " ")) {
          answers.add(line);
        } else {
          appendToLog(line);
        }
      }
    } catch (IOException e) {
      if (!closing) {
        appendToLog("(launcher: reading the standalone's output failed: " + e + ")");
      }
    } finally {
      String exit = exitDescription();
      ready.completeExceptionally(new IOException("the Pulsar standalone (pid " + process.pid() + ") " + exit
          + " before it was ready"));
      answers.add(END);
    }
  }

  private String exitDescription() {
    try {
      if (process.waitFor(10, TimeUnit.SECONDS)) {
        return "exited with " + process.exitValue();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "closed its output";
  }

  private void appendToLog(String line) {
    try {
      Files.writeString(log, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      // The log only serves error messages; losing a line of it must not stop the reader.
    }
  }

  /** Where the standalone listens. */
  public ReadyLine ready() {
    return ready.join();
  }

  /** {@code pulsar://<host>:<port>} (loopback unless {@link Options#host()}) */
  public String serviceUrl() {
    return ready().serviceUrl();
  }

  /** {@code http://<host>:<port>}: the admin REST API. */
  public String webServiceUrl() {
    return ready().webServiceUrl();
  }

  /** Where the broker tells clients of listener {@code name} to connect. */
  public String listenerUrl(String name) {
    return ready().listenerUrl(name);
  }

  /** The broker's own port, for a relay to forward to. */
  public int brokerPort() {
    return ready().brokerPort();
  }

  /** The pid of the broker JVM. */
  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits until the child exits and returns its exit code. */
  public int waitFor() throws InterruptedException {
    return process.waitFor();
  }

  /** From {@link #start} to the ready line. */
  public Duration startedIn() {
    return startedIn;
  }

  /** The file holding the child's output. */
  public Path log() {
    return log;
  }

  /**
   * Stops the broker, bookie and metadata store, keeping their data and ports, as a broker outage
   * would; clients see their connections drop and retry. The child JVM stays.
   */
  public void stopBroker() throws IOException, InterruptedException {
    command(Protocol.STOP_BROKER);
  }

  /** Starts the broker again on the same ports with the data it had when stopped. */
  public void restartBroker() throws IOException, InterruptedException {
    command(Protocol.RESTART_BROKER);
  }

  private synchronized void command(String command) throws IOException, InterruptedException {
    answers.clear();
    OutputStream stdin = process.getOutputStream();
    stdin.write((command + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
    String answer = answers.poll(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    if (answer == null) {
      throw new IOException(command + ": no answer from the Pulsar standalone within " + COMMAND_TIMEOUT
          + "; last output:\n" + tail(40));
    }
    if (answer.equals(END)) {
      answers.add(END);
      throw new IOException(command + ": the Pulsar standalone exited; last output:\n" + tail(40));
    }
    if (!answer.equals(Protocol.DONE + " " + command)) {
      throw new IOException(command + ": " + answer.substring(Protocol.PREFIX.length()) + "; last output:\n" + tail(40));
    }
  }

  /** The last {@code n} lines of the child's output. */
  public String tail(int n) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    } catch (IOException | RuntimeException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  /**
   * Stops the child: first by ending its standard input (it closes the standalone and deletes its
   * temporary data, then exits), then SIGTERM, then SIGKILL, each after {@link #GRACE}. Idempotent.
   */
  @Override
  public void close() {
    closing = true;
    boolean clean = !process.isAlive() || stop(process);
    if (clean && deleteLog) {
      try {
        Files.deleteIfExists(log);
      } catch (IOException e) {
        // a leftover temporary log is not worth failing a shutdown for
      }
    }
  }

  private static boolean stop(Process process) {
    try {
      try {
        process.getOutputStream().close();
      } catch (IOException e) {
        // already closed: the signals below still work
      }
      if (process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        return true;
      }
      process.destroy();
      if (process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        return true;
      }
      kill(process);
      return false;
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void kill(Process process) {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "Pulsar standalone pid " + process.pid() + (ready.isDone() && !ready.isCompletedExceptionally()
        ? " at " + ready.join().serviceUrl() : "");
  }
}
