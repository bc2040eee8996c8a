package io.sextant.deploy;

import io.sextant.common.config.ConfigException;
import io.sextant.deploy.cli.EdgeCommand;
import picocli.CommandLine;

/**
 * {@code sextant edge} on its own: what {@code bin/sextant edge} runs, on the edge's class path only
 * ({@code lib/edge.classpath}, edge-node's runtime dependencies, written by edge-node's build, plus
 * this jar, picocli and Logback) rather than all of {@code lib/}: the jars the edge never uses cost
 * their central directories in its heap (docs/benchmarks-edge-process.md). The same command, options
 * and exit codes as {@code sextant edge} through {@link Main}, which it must not load: {@link Main}'s
 * command names every subcommand, and those need the centre's jars.
 */
public final class EdgeMain {
  private EdgeMain() {}

  /** {@code args} without the word {@code edge}. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    CommandLine cli = configErrors(new CommandLine(new EdgeCommand()));
    cli.setCommandName("sextant edge");
    return cli;
  }

  /** A configuration error is one line on stderr and exit code 2, not a stack trace. */
  static CommandLine configErrors(CommandLine cli) {
    cli.setExecutionExceptionHandler((e, line, parsed) -> {
      if (e instanceof ConfigException) {
        line.getErr().println("sextant: configuration error: " + e.getMessage());
        return 2;
      }
      throw e;
    });
    return cli;
  }
}
