package io.sextant.deploy;

import io.sextant.deploy.cli.SextantCommand;
import picocli.CommandLine;

/** Entry point of the {@code sextant} distribution. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The CLI; a configuration error is one line on stderr and exit code 2, not a stack trace. */
  public static CommandLine commandLine() {
    return EdgeMain.configErrors(new CommandLine(new SextantCommand()));
  }
}
