package io.sextant.common.netns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Debian's exabgp in a namespace, driven through its API: every line appended to {@code commands}
 * reaches exabgp through a {@code tail -F} process it runs, so a test announces and withdraws
 * routes when it likes (a route flapping with its link up).
 */
public record ExaBgp(Netns ns, Path dir, Path commands, Process process) {
  public static final Path EXABGP = Path.of("/usr/sbin/exabgp");

  public void announce(String prefix) {
    send("announce route " + prefix + " next-hop self");
  }

  public void withdraw(String prefix) {
    send("withdraw route " + prefix + " next-hop self");
  }

  /** One API command, e.g. {@code announce route 10.0.0.0/24 next-hop self}. */
  public void send(String command) {
    if (!process.isAlive()) {
      throw new IllegalStateException("exabgp in " + ns.name() + " has exited (" + process.exitValue() + "): see "
          + dir.resolve("exabgp.log"));
    }
    try {
      Files.writeString(commands, command + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
