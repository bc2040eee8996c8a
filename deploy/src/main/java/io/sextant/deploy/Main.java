package io.sextant.deploy;

import io.sextant.deploy.cli.SextantCommand;
import io.sextant.common.config.ConfigException;
import picocli.CommandLine;

/** Entry point of the {@code sextant} distribution. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The CLI; a configuration error is one line on stderr and exit code 2, not a stack trace. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new SextantCommand());
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
