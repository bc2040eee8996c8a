package io.sextant.deploy.cli;

import io.sextant.common.codec.JsonCodec;
import io.sextant.deploy.lab.netns.NetnsLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** What {@code sextant lab --netns} runs: {@link NetnsLab} with a shutdown hook, its report written. */
final class NetnsLabRunner {
  private NetnsLabRunner() {}

  static int run(int edgeSites, Path report, Path workDir, StoreOptions store, boolean quiet) throws Exception {
    NetnsLab lab = new NetnsLab(new NetnsLab.Options(edgeSites, List.of(), NetnsLab.Options.DEFAULT_WARMUP,
        store.jdbcUrl, store.jdbcUser, workDir, quiet, NetnsLab.Options.DEFAULT_TAIL), Clock.systemUTC());
    Thread hook = new Thread(lab::close, "netlab-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    NetnsLab.Result result;
    try {
      result = lab.run(System.out);
    } finally {
      lab.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down
      }
    }
    if (report != null) {
      Path parent = report.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(report, JsonCodec.get().mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(result.report()));
      System.out.println("Report written to " + report);
    }
    System.out.println("Process logs and configuration: " + result.workDir());
    return result.report().allProtectedWithin(60) ? 0 : 1;
  }
}
