package io.sextant.deploy.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The distribution archive ({@code -Dsextant.distribution}, built by {@code ./mvnw package})
 * unpacked into an empty temporary directory, and the processes a test starts from its
 * {@code bin/sextant} with an environment holding only {@code PATH} and {@code JAVA_HOME}.
 * {@link #close()} stops them all and deletes the directory.
 */
final class Distribution implements AutoCloseable {
  static final String PASSWORD = "change-me";

  final Path root;
  final Path home;
  private final List<Proc> running = new ArrayList<>();

  private Distribution(Path root, Path home) {
    this.root = root;
    this.home = home;
  }

  static Distribution unpack() throws IOException, InterruptedException {
    Path archive = Path.of(System.getProperty("sextant.distribution", "target/sextant-0.1.0-SNAPSHOT.tar.gz"));
    assertThat(archive).as("the distribution archive (built by ./mvnw package)").isRegularFile();
    Path root = Files.createTempDirectory("sextant-dist-");
    Process tar = new ProcessBuilder("tar", "-xzf", archive.toAbsolutePath().toString(), "-C", root.toString())
        .inheritIO().start();
    assertThat(tar.waitFor(5, TimeUnit.MINUTES) && tar.exitValue() == 0).as("tar -xzf").isTrue();
    Path home;
    try (Stream<Path> top = Files.list(root)) {
      home = top.findFirst().orElseThrow();
    }
    assertThat(home.getFileName().toString()).startsWith("sextant-");
    return new Distribution(root, home);
  }

  @Override
  public void close() throws IOException {
    for (Proc p : running) {
      p.close();
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  Proc start(String name, String... args) throws IOException {
    return start(name, List.of(args));
  }

  /** {@code bin/sextant ARGS} in the distribution's directory, with only PATH and JAVA_HOME set. */
  Proc start(String name, List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(home.resolve("bin/sextant").toString());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
        .redirectOutput(root.resolve(name + ".log").toFile());
    Map<String, String> env = pb.environment();
    env.clear();
    env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("SEXTANT_JDBC_PASSWORD", PASSWORD);
    Proc p = new Proc(name, pb.start(), root.resolve(name + ".log"));
    running.add(p);
    return p;
  }

  /** A process started from bin/sextant; its output (stdout and stderr) in a file. */
  static final class Proc implements AutoCloseable {
    final String name;
    final Process process;
    final Path log;

    Proc(String name, Process process, Path log) {
      this.name = name;
      this.process = process;
      this.log = log;
    }

    String output() throws IOException {
      return Files.readString(log, StandardCharsets.UTF_8);
    }

    String awaitLine(String marker, Duration timeout) throws IOException, InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
          if (line.contains(marker)) {
            return line;
          }
        }
        if (!process.isAlive()) {
          throw new AssertionError(name + " exited with " + process.exitValue() + " before '" + marker + "':\n"
              + tail(40));
        }
        Thread.sleep(200);
      }
      throw new AssertionError(name + ": no '" + marker + "' within " + timeout + ":\n" + tail(40));
    }

    String tail(int n) {
      try {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
      } catch (IOException e) {
        return "(cannot read " + log + ")";
      }
    }

    /** SIGTERM (a clean close), SIGKILL after 30 s. */
    @Override
    public void close() {
      if (!process.isAlive()) {
        return;
      }
      process.destroy();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
