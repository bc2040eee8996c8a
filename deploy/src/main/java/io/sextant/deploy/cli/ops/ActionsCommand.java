package io.sextant.deploy.cli.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sextant actions ls|approve|deny}: the closed loop's actions and its pending approvals. */
@Command(name = "actions", mixinStandardHelpOptions = true,
    description = "List remediation actions; approve or deny those held for approval.",
    subcommands = {ActionsCommand.Ls.class, ActionsCommand.Approve.class, ActionsCommand.Deny.class})
public final class ActionsCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static Table table() {
    return new Table().column("ID", "id").column("STATE", "state").column("PENDING", "pending")
        .column("KIND", "kind").column("TARGET", "target").column("SITE", "site").column("RUNBOOK", "runbook")
        .column("REQUESTED", "requestedAt");
  }

  @Command(name = "ls", description = "List actions, newest first.")
  static final class Ls extends OperatorCall {
    @Option(names = "--pending", description = "only those awaiting approval")
    boolean pending;

    @Override
    void run(ApiClient client) {
      print(client.get("/api/v1/actions" + (pending ? "?pending=true" : "")), table());
    }
  }

  abstract static class Decide extends OperatorCall {
    @Parameters(index = "0", paramLabel = "ACTION_ID")
    String id;

    @Option(names = "--reason", description = "why, kept in the audit log")
    String reason;

    abstract String verb();

    @Override
    void run(ApiClient client) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("by", api.by());
      if (reason != null) {
        body.put("reason", reason);
      }
      print(client.post("/api/v1/actions/" + path(id) + "/" + verb(), body), table());
    }
  }

  @Command(name = "approve", description = "Approve an action held for approval.")
  static final class Approve extends Decide {
    @Override
    String verb() {
      return "approve";
    }
  }

  @Command(name = "deny", description = "Deny an action held for approval.")
  static final class Deny extends Decide {
    @Override
    String verb() {
      return "deny";
    }
  }
}
