package io.sextant.deploy;

import io.sextant.deploy.cli.SextantCommand;
import picocli.CommandLine;

/** Entry point of the {@code sextant} distribution. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new SextantCommand()).execute(args));
  }
}
