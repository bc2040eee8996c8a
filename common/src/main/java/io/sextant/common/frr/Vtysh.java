package io.sextant.common.frr;

import static io.sextant.common.config.Keys.key;

import io.sextant.common.config.ConfigException;
import io.sextant.common.config.Keys;
import io.sextant.common.config.YamlFields;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One FRR instance's vtysh: the program, and which daemons it talks to ({@code socketDir}, for
 * daemons started with their own {@code --vty_socket}; else {@code pathspace}, FRR's {@code -N};
 * else the machine's default FRR). Each call runs vtysh once, bounded by {@code timeout}.
 * Thread-safe (no state).
 *
 * @param program vtysh's path, e.g. {@code /usr/bin/vtysh}
 * @param socketDir the daemons' vty socket directory; null: none given
 * @param pathspace FRR's {@code -N} name; null: none
 */
public record Vtysh(Path program, Path socketDir, String pathspace, Duration timeout) {
  public static final Path DEFAULT_PROGRAM = Path.of("/usr/bin/vtysh");
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  /** The keys that say which FRR a section talks to; the BGP source's and the routing adapter's sections take them. */
  public static final List<Keys.Key> KEYS = List.of(
      key("vtysh", "path", DEFAULT_PROGRAM.toString(), "FRR's vtysh"),
      key("socket-dir", "path", "—", "the daemons' vty socket directory (`--vty_socket`), for an FRR started with its "
          + "own; absent: the machine's FRR"),
      key("pathspace", "name", "—", "FRR's `-N` pathspace (an FRR per network namespace started with `-N`); ignored "
          + "with socket-dir"));

  /** Reads {@link #KEYS} from a section; relative paths resolve against {@code base}. */
  public static Vtysh read(java.util.Map<String, Object> m, String prefix, Path base) {
    Path program = YamlFields.path(m, "vtysh", prefix, base);
    try {
      return new Vtysh(program == null ? DEFAULT_PROGRAM : program, YamlFields.path(m, "socket-dir", prefix, base),
          YamlFields.string(m, "pathspace", prefix, null), null);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(prefix + e.getMessage(), e);
    }
  }

  public Vtysh {
    Objects.requireNonNull(program, "program");
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    if (pathspace != null && !pathspace.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("pathspace: letters, digits, '.', '_' or '-', got '" + pathspace + "'");
    }
  }

  /** Runs the commands in order (one vtysh session) and returns what it printed. */
  public String run(String... commands) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(program.toString()));
    if (socketDir != null) {
      cmd.addAll(List.of("--vty_socket", socketDir.toString()));
    } else if (pathspace != null) {
      cmd.addAll(List.of("-N", pathspace));
    }
    for (String c : commands) {
      cmd.add("-c");
      cmd.add(c);
    }
    // Output to files, not pipes: a hung vtysh is then bounded by the timeout, not a blocking read.
    Path out = Files.createTempFile("sextant-vtysh", ".out");
    Path err = Files.createTempFile("sextant-vtysh", ".err");
    try {
      Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      p.getOutputStream().close();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IOException("vtysh " + String.join(" ", commands) + ": no answer within " + timeout);
      }
      String text = Files.readString(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new IOException("vtysh -c '" + String.join("' -c '", commands) + "': exit " + p.exitValue() + ": "
            + (Files.readString(err).strip() + " " + text.strip()).strip());
      }
      return text;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("vtysh interrupted", e);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** Configuration lines applied in order from {@code configure terminal}; vtysh's output (errors) returned. */
  public String configure(List<String> lines) throws IOException {
    List<String> all = new ArrayList<>();
    all.add("configure terminal");
    all.addAll(lines);
    String out = run(all.toArray(String[]::new));
    // vtysh exits 0 on many refused lines and prints the reason: treat any "%" line as a refusal.
    for (String line : out.lines().toList()) {
      if (line.startsWith("%")) {
        throw new IOException("vtysh refused the configuration: " + out.strip());
      }
    }
    return out;
  }
}
