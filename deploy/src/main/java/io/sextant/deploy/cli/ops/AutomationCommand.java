package io.sextant.deploy.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sextant automation status|pause|resume|dry-run}: the closed loop's safety switches. */
@Command(name = "automation", mixinStandardHelpOptions = true,
    description = "Show and throw the closed loop's safety switches (dry run, pause per site or all).",
    subcommands = {AutomationCommand.Status.class, AutomationCommand.Pause.class, AutomationCommand.Resume.class,
        AutomationCommand.DryRun.class})
public final class AutomationCommand implements Runnable {
  static final String BASE = "/api/v1/automation";

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** One row per switch: the whole loop, then each paused site, then each freeze. */
  static void show(OperatorCall call, JsonNode status) {
    if (status.isObject() && call.api.output == ApiOptions.Output.table) {
      com.fasterxml.jackson.databind.node.ArrayNode rows = ApiClient.JSON.createArrayNode();
      rows.addObject().put("switch", "dry run").put("state", status.path("dryRun").asBoolean() ? "on" : "off");
      JsonNode all = status.path("all");
      rows.addObject().put("switch", "all sites").put("state", all.isObject() ? "paused" : "running")
          .put("by", Table.text(all, "by")).put("since", Table.text(all, "since")).put("reason", Table.text(all, "reason"));
      status.path("sites").fields().forEachRemaining(e -> rows.addObject().put("switch", "site " + e.getKey())
          .put("state", "paused").put("by", Table.text(e.getValue(), "by"))
          .put("since", Table.text(e.getValue(), "since")).put("reason", Table.text(e.getValue(), "reason")));
      for (JsonNode f : status.path("freezes")) {
        rows.addObject().put("switch", "freeze " + Table.text(f, "id")).put("state", "frozen " + Table.text(f, "from")
            + " to " + Table.text(f, "until")).put("reason", Table.text(f, "sites") + " " + Table.text(f, "reason"));
      }
      call.print(rows, new Table().column("SWITCH", "switch").column("STATE", "state").column("BY", "by")
          .column("SINCE", "since").column("REASON", "reason"));
      return;
    }
    call.print(status, new Table());
  }

  @Command(name = "status", description = "Show the switches.")
  static final class Status extends OperatorCall {
    @Override
    void run(ApiClient client) {
      show(this, client.get(BASE));
    }
  }

  @Command(name = "pause", description = "Pause automated actions for a site, or everywhere.")
  static final class Pause extends OperatorCall {
    @Option(names = "--site", description = "the site (default: all sites)")
    String site;

    @Option(names = "--reason", description = "why, shown to other operators")
    String reason;

    @Override
    void run(ApiClient client) {
      Map<String, Object> body = new LinkedHashMap<>();
      if (site != null) {
        body.put("site", site);
      }
      body.put("by", api.by());
      if (reason != null) {
        body.put("reason", reason);
      }
      show(this, client.post(BASE + "/pause", body));
    }
  }

  @Command(name = "resume", description = "Resume automated actions for a site, or everywhere.")
  static final class Resume extends OperatorCall {
    @Option(names = "--site", description = "the site (default: all sites)")
    String site;

    @Override
    void run(ApiClient client) {
      Map<String, Object> body = new LinkedHashMap<>();
      if (site != null) {
        body.put("site", site);
      }
      body.put("by", api.by());
      show(this, client.post(BASE + "/resume", body));
    }
  }

  @Command(name = "dry-run", description = "Turn dry run on (plan and log, change nothing) or off.")
  static final class DryRun extends OperatorCall {
    @Parameters(index = "0", paramLabel = "on|off")
    String onOff;

    @Override
    void run(ApiClient client) {
      if (!List.of("on", "off").contains(onOff)) {
        throw new OperatorException("dry-run takes on or off, got '" + onOff + "'");
      }
      show(this, client.post(BASE + "/dry-run", Map.of("on", onOff.equals("on"), "by", api.by())));
    }
  }
}
