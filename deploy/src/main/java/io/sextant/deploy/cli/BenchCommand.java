package io.sextant.deploy.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sextant bench}: measurements an operator can repeat (docs/benchmarks-quality.md). */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks of Sextant's own algorithms on generated inputs.",
    subcommands = BenchLocalizeCommand.class)
public final class BenchCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
