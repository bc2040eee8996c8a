package io.sextant.deploy.cli;

import io.sextant.common.codec.JsonCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** What every {@code sextant lab} variant does around its run: tear-down on any exit, its report written. */
final class LabRuns {
  private LabRuns() {}

  /**
   * Runs {@code run}, then {@code close}; a shutdown hook also closes on Ctrl-C or SIGTERM, so a lab
   * stopped mid-run leaves no child process, namespace or temp directory behind.
   */
  static <R> R closing(String name, Runnable close, Callable<R> run) throws Exception {
    Thread hook = new Thread(close, name + "-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return run.call();
    } finally {
      close.run();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down: the hook runs close again, which is idempotent
      }
    }
  }

  /** Writes {@code report} as indented JSON when a path was given, creating its folder. */
  static void writeReport(Path file, Object report) throws IOException {
    if (file == null) {
      return;
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.write(file, JsonCodec.get().mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
    System.out.println("Report written to " + file);
  }
}
