package io.sextant.deploy.cli;

import io.sextant.deploy.lab.netns.NetnsLab;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** What {@code sextant lab --netns} runs: {@link NetnsLab} with a shutdown hook, its report written. */
final class NetnsLabRunner {
  private NetnsLabRunner() {}

  static int run(int edgeSites, Path report, Path workDir, StoreOptions store, boolean quiet) throws Exception {
    NetnsLab lab = new NetnsLab(new NetnsLab.Options(edgeSites, List.of(), NetnsLab.Options.DEFAULT_WARMUP,
        store.jdbcUrl, store.jdbcUser, workDir, quiet, NetnsLab.Options.DEFAULT_TAIL,
        NetnsLab.Options.DEFAULT_RESTORE_WAIT), Clock.systemUTC());
    NetnsLab.Result result = LabRuns.closing("netlab", lab::close, () -> lab.run(System.out));
    LabRuns.writeReport(report, result.report());
    System.out.println("Process logs and configuration: " + result.workDir());
    return result.report().allProtectedWithin(60) && result.report().nothingLeftBehind() ? 0 : 1;
  }
}
