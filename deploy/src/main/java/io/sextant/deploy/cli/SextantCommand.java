package io.sextant.deploy.cli;

import picocli.CommandLine.Command;

/** The {@code sextant} command; each subcommand is one way to run Sextant. */
@Command(name = "sextant", mixinStandardHelpOptions = true, version = "sextant 0.1.0",
    description = "Intelligent O&M for telco distributed clouds.",
    subcommands = {DemoCommand.class, EvalCommand.class, PulsarCommand.class, CentralCommand.class,
        EdgeCommand.class, LabCommand.class, TrainCommand.class, RcaEvalCommand.class,
        DashboardsCommand.class, RunbooksCommand.class, BenchCommand.class,
        // Operators' commands against a running centre, like amtool.
        io.sextant.deploy.cli.ops.AlarmsCommand.class, io.sextant.deploy.cli.ops.ActionsCommand.class,
        io.sextant.deploy.cli.ops.SilencesCommand.class, io.sextant.deploy.cli.ops.FeedbackCommand.class,
        io.sextant.deploy.cli.ops.AutomationCommand.class})
public final class SextantCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
