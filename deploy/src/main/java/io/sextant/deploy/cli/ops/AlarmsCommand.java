package io.sextant.deploy.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sextant alarms ls|ack|clear|comment}: TMF642 alarms on the centre. */
@Command(name = "alarms", mixinStandardHelpOptions = true, description = "List and operate on alarms (TMF642).",
    subcommands = {AlarmsCommand.Ls.class, AlarmsCommand.Ack.class, AlarmsCommand.Clear.class,
        AlarmsCommand.Comment.class})
public final class AlarmsCommand implements Runnable {
  static final String BASE = "/tmf-api/alarmManagement/v4/alarm";

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static Table table() {
    return new Table().column("ID", "id").column("SEVERITY", "perceivedSeverity").column("STATE", "state")
        .column("ACK", "ackState").column("RESOURCE", "alarmedObject.id").column("CAUSE", "probableCause")
        .column("RAISED", "alarmRaisedTime").column("PROBLEM", "specificProblem");
  }

  @Command(name = "ls", description = "List alarms, newest state first as the server orders them.")
  static final class Ls extends OperatorCall {
    @Option(names = "--state", description = "raised, updated or cleared (comma-separated)")
    String state;

    @Option(names = "--severity", description = "critical, major, minor, warning, indeterminate, cleared")
    String severity;

    @Override
    void run(ApiClient client) {
      List<String> q = new ArrayList<>();
      if (state != null) {
        q.add("state=" + path(state));
      }
      if (severity != null) {
        q.add("perceivedSeverity=" + path(severity));
      }
      print(client.get(BASE + (q.isEmpty() ? "" : "?" + String.join("&", q))), table());
    }
  }

  /** Ack, unack and clear: the same call on each id, the alarms after it printed. */
  abstract static class OnEach extends OperatorCall {
    @Parameters(arity = "1..*", paramLabel = "ALARM_ID", description = "the alarms")
    List<String> ids;

    abstract String verb();

    Map<String, Object> body() {
      return Map.of("userId", api.by());
    }

    @Override
    void run(ApiClient client) {
      ArrayNode done = ApiClient.JSON.createArrayNode();
      for (String id : ids) {
        done.add(client.post(BASE + "/" + path(id) + "/" + verb(), body()));
      }
      print(done, table());
    }
  }

  @Command(name = "ack", description = "Acknowledge alarms.")
  static final class Ack extends OnEach {
    @Override
    String verb() {
      return "ack";
    }
  }

  @Command(name = "clear", description = "Clear alarms by hand.")
  static final class Clear extends OnEach {
    @Override
    String verb() {
      return "clear";
    }
  }

  @Command(name = "comment", description = "Add a comment to an alarm.")
  static final class Comment extends OperatorCall {
    @Parameters(index = "0", paramLabel = "ALARM_ID")
    String id;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "TEXT", description = "the comment (words are joined)")
    List<String> words;

    @Override
    void run(ApiClient client) {
      JsonNode alarm = client.post(BASE + "/" + path(id) + "/comment",
          Map.of("userId", api.by(), "comment", String.join(" ", words)));
      print(alarm, table().column("COMMENTS", a -> String.valueOf(a.path("comment").size())));
    }
  }
}
