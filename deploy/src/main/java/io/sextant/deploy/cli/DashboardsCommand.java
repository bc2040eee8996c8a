package io.sextant.deploy.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sextant dashboards}: Grafana provisioning for Sextant (docs/dashboards.md). */
@Command(name = "dashboards", mixinStandardHelpOptions = true,
    description = "Grafana dashboards over the central store.",
    subcommands = DashboardsExportCommand.class)
public final class DashboardsCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
