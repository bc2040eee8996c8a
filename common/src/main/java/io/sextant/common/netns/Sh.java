package io.sextant.common.netns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short command to completion; a failure (IllegalStateException) names the command and carries its stderr. */
public final class Sh {
  private static final long TIMEOUT_S = 30;

  private Sh() {}

  public static String run(List<String> command) {
    try {
      Path err = Files.createTempFile("sextant-sh", ".err");
      try {
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IllegalStateException(String.join(" ", command) + ": still running after " + TIMEOUT_S + " s");
        }
        if (p.exitValue() != 0) {
          throw new IllegalStateException(String.join(" ", command) + ": exit " + p.exitValue() + ": "
              + Files.readString(err).strip() + " " + new String(out, StandardCharsets.UTF_8).strip());
        }
        return new String(out, StandardCharsets.UTF_8);
      } finally {
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(String.join(" ", command) + ": interrupted", e);
    }
  }

  public static String run(String... command) {
    return run(List.of(command));
  }

  /** Runs it and ignores a failure: for removing what may already be gone. */
  public static void quietly(String... command) {
    try {
      run(command);
    } catch (IllegalStateException ignored) {
      // already removed, or never created: close must go on with the rest
    }
  }
}
