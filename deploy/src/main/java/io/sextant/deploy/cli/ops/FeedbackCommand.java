package io.sextant.deploy.cli.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sextant feedback false-alarm}: an alarm that was not a fault becomes a training label. */
@Command(name = "feedback", mixinStandardHelpOptions = true, description = "Tell Sextant what it got wrong.",
    subcommands = FeedbackCommand.FalseAlarm.class)
public final class FeedbackCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "false-alarm", description = "Mark an alarm as a false alarm (a NORMAL label for the next model).")
  static final class FalseAlarm extends OperatorCall {
    @Parameters(index = "0", paramLabel = "ALARM_ID")
    String alarmId;

    @Option(names = "--note", description = "why it was not a fault")
    String note;

    @Override
    void run(ApiClient client) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("alarmId", alarmId);
      body.put("by", api.by());
      if (note != null) {
        body.put("note", note);
      }
      print(client.post("/api/v1/feedback/false-alarm", body), new Table().column("LABEL", "id").column("KIND", "kind")
          .column("SITE", "site").column("RESOURCE", "resource").column("FROM", "from").column("TO", "to")
          .column("SOURCE", "source").column("NOTE", "note"));
    }
  }
}
