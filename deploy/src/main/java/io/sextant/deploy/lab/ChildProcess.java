package io.sextant.deploy.lab;

import io.sextant.deploy.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code sextant} subcommand in a child JVM: the java of this JVM, this JVM's class path
 * (a distribution's lib/*, or a test's class path), output to a log file. The
 * owner must {@link #close()} it; {@link #kill()} is SIGKILL, the way a crash or the OOM killer
 * ends a process.
 */
public final class ChildProcess implements AutoCloseable {
  private static final Duration GRACE = Duration.ofSeconds(15);

  private final String name;
  private final Process process;
  private final Path log;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code sextant <args>} with heap {@code heap} (e.g. {@code 384m}); output goes to {@code log}. */
  public static ChildProcess start(String name, String heap, Path log, List<String> args) throws IOException {
    return start(name, heap, log, args, List.of());
  }

  /**
   * The same, with {@code wrapper} in front of the java command (e.g. {@code ip netns exec NS}, which
   * execs it, so {@link #pid()} stays the JVM's).
   */
  public static ChildProcess start(String name, String heap, Path log, List<String> args, List<String> wrapper)
      throws IOException {
    List<String> cmd = new ArrayList<>(wrapper);
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + heap);
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1"); // short-lived lab processes: C1 only saves CPU on a small machine
    cmd.add("-cp");
    cmd.add(classPath());
    cmd.add(Main.class.getName());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    return new ChildProcess(name, pb.start(), log);
  }

  /**
   * Starts {@code command} as it is (e.g. a distribution's {@code bin/sextant edge ...}) with
   * {@code environment} only; output goes to {@code log}. The command must exec its JVM (as
   * bin/sextant does), so that {@link #pid()} is the JVM's.
   */
  public static ChildProcess startCommand(String name, List<String> command, java.util.Map<String, String> environment,
      Path log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().clear();
    pb.environment().putAll(environment);
    return new ChildProcess(name, pb.start(), log);
  }

  private static String classPath;

  /**
   * This JVM's class path, with every directory entry (a build's {@code target/classes}) replaced by
   * a private copy made once: a child loads classes lazily, and a build recompiling that directory
   * meanwhile (another build in the same tree) would make it fail with NoClassDefFoundError. Jars
   * are used in place.
   */
  static synchronized String classPath() throws IOException {
    if (classPath == null) {
      List<String> entries = new ArrayList<>();
      Path copies = null;
      for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
        Path p = Path.of(e);
        if (Files.isDirectory(p)) {
          if (copies == null) {
            copies = Files.createTempDirectory("sextant-classpath-");
            Path dir = copies;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "classpath-cleanup"));
          }
          Path copy = copies.resolve(Integer.toString(entries.size()));
          copyTree(p, copy);
          entries.add(copy.toString());
        } else {
          entries.add(e);
        }
      }
      classPath = String.join(java.io.File.pathSeparator, entries);
    }
    return classPath;
  }

  private static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // a leftover temporary copy is not worth failing a shutdown for
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /** Waits for a line containing {@code marker} in the output; fails if the process dies first. */
  public String awaitLine(String marker, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        if (line.contains(marker)) {
          return line;
        }
      }
      if (!process.isAlive()) {
        throw new IOException(name + " exited with " + process.exitValue() + " before it was ready; last output:\n"
            + tail(30));
      }
      Thread.sleep(200);
    }
    throw new IOException(name + " not ready within " + timeout + "; last output:\n" + tail(30));
  }

  /** The last {@code n} lines of the output. */
  public String tail(int n) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  /** SIGKILL, and waits until the process is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  public String name() {
    return name;
  }

  public Path log() {
    return log;
  }

  /** SIGTERM (the process shuts down cleanly), then SIGKILL if it is still there after a grace period. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
