package io.sextant.deploy.cli;

import io.sextant.runbook.load.Problem;
import io.sextant.runbook.load.RunbookLoader;
import io.sextant.runbook.load.RunbookSchema;
import io.sextant.runbook.model.Runbook;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sextant runbooks}: check runbook files before a node loads them. */
@Command(name = "runbooks", mixinStandardHelpOptions = true,
    description = "Runbook files (docs/remediation.md): validate a directory, print the published schema.",
    subcommands = {RunbooksCommand.Validate.class, RunbooksCommand.Schema.class})
public final class RunbooksCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Exit 0 when every file loads, 1 when one does not (each error as file:line: reason), 2 when DIR is unreadable. */
  @Command(name = "validate", mixinStandardHelpOptions = true,
      description = {"Checks every *.yaml and *.yml of DIR against the runbook schema and Sextant's rules, as a "
          + "node loads them, and prints each error as FILE:LINE: REASON.",
          "Exit status: 0 all valid, 1 errors found, 2 DIR cannot be read."})
  static final class Validate implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The runbook directory (a node's runbooks:).")
    Path dir;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (!Files.isDirectory(dir)) {
        err.println(dir + ": not a directory");
        return 2;
      }
      RunbookLoader.Loaded loaded = RunbookLoader.load(dir);
      for (Problem p : loaded.problems()) {
        err.println(p);
      }
      for (Runbook r : loaded.runbooks()) {
        out.println("ok " + r.id() + " (" + r.scope().name().toLowerCase(java.util.Locale.ROOT) + ", "
            + r.action() + (r.steps().isEmpty() ? "" : ", steps " + io.sextant.common.action.Step.encode(r.steps()))
            + ")");
      }
      out.println(loaded.runbooks().size() + " valid, " + loaded.problems().size() + " error(s)");
      out.flush();
      err.flush();
      return loaded.problems().isEmpty() ? 0 : 1;
    }
  }

  @Command(name = "schema", mixinStandardHelpOptions = true,
      description = "Prints the runbook JSON Schema (2020-12) the nodes and `validate` check against.")
  static final class Schema implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().getOut().println(RunbookSchema.text());
      spec.commandLine().getOut().flush();
    }
  }
}
