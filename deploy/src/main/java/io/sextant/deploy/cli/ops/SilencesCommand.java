package io.sextant.deploy.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.sextant.common.config.YamlFields;
import io.sextant.common.match.Matcher;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sextant silences ls|add|expire}, on the Alertmanager v2 silence API. Matchers are
 * written as in amtool: {@code name=value}, {@code name!=value}, {@code name=~regex},
 * {@code name!~regex}; a first argument without an operator is the alert name.
 */
@Command(name = "silences", mixinStandardHelpOptions = true, description = "List, add and expire silences.",
    subcommands = {SilencesCommand.Ls.class, SilencesCommand.Add.class, SilencesCommand.Expire.class})
public final class SilencesCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static Table table() {
    return new Table().column("ID", "id").column("MATCHERS", s -> matchers(s.path("matchers")))
        .column("STARTS", "startsAt").column("ENDS", "endsAt").column("CREATED BY", "createdBy")
        .column("STATE", "status.state").column("COMMENT", "comment");
  }

  static String matchers(JsonNode ms) {
    List<String> out = new ArrayList<>();
    for (JsonNode m : ms) {
      boolean regex = m.path("isRegex").asBoolean(false);
      boolean equal = m.path("isEqual").asBoolean(true);
      out.add(m.path("name").asText() + (regex ? (equal ? "=~" : "!~") : (equal ? "=" : "!=")) + "\""
          + m.path("value").asText() + "\"");
    }
    return String.join(" ", out);
  }

  static List<Matcher> parse(List<String> args) {
    List<Matcher> out = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      try {
        out.add(i == 0 && !a.contains("=") && !a.contains("~") ? Matcher.of("alertname", Matcher.Op.EQ, a)
            : Matcher.parse(a));
      } catch (IllegalArgumentException e) {
        throw new OperatorException(e.getMessage());
      }
    }
    return out;
  }

  @Command(name = "ls", description = "List silences (expired ones only with --expired), optionally matching matchers.")
  static final class Ls extends OperatorCall {
    @Option(names = "--expired", description = "show expired silences instead of active and pending ones")
    boolean expired;

    @Parameters(arity = "0..*", paramLabel = "MATCHER", description = "e.g. alertname=DiskFull instance=~\"db-.*\"")
    List<String> filter = new ArrayList<>();

    @Override
    void run(ApiClient client) {
      String q = parse(filter).stream().map(m -> "filter=" + path(m.toString())).collect(Collectors.joining("&"));
      JsonNode all = client.get("/api/v2/silences" + (q.isEmpty() ? "" : "?" + q));
      ArrayNode shown = ApiClient.JSON.createArrayNode();
      for (JsonNode s : all) {
        if (expired == "expired".equals(s.path("status").path("state").asText())) {
          shown.add(s);
        }
      }
      print(shown, table());
    }
  }

  @Command(name = "add", description = "Add a silence; prints its id.")
  static final class Add extends OperatorCall {
    @Parameters(arity = "1..*", paramLabel = "MATCHER", description = "e.g. DiskFull instance=db-1:9100")
    List<String> matchers;

    @Option(names = {"-c", "--comment"}, required = true, description = "why (required)")
    String comment;

    @Option(names = {"-d", "--duration"}, defaultValue = "1h", description = "how long (default: ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--start", description = "RFC 3339 start (default: now)")
    String start;

    @Option(names = "--end", description = "RFC 3339 end (instead of --duration)")
    String end;

    @Override
    void run(ApiClient client) {
      Instant from = start == null ? Instant.now() : time("--start", start);
      Instant until;
      if (end != null) {
        until = time("--end", end);
      } else {
        Duration d;
        try {
          d = YamlFields.parseDuration(duration);
        } catch (RuntimeException e) {
          throw new OperatorException("--duration '" + duration + "' is not a duration (e.g. 30m, 2h, 1d)");
        }
        until = from.plus(d);
      }
      List<Map<String, Object>> ms = new ArrayList<>();
      for (Matcher m : parse(matchers)) {
        ms.add(Map.of("name", m.name(), "value", m.value(),
            "isRegex", m.op() == Matcher.Op.RE || m.op() == Matcher.Op.NRE,
            "isEqual", m.op() == Matcher.Op.EQ || m.op() == Matcher.Op.RE));
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("matchers", ms);
      if (start != null) {
        // Without --start the server starts it at its own now: its clock decides what is active.
        body.put("startsAt", from.toString());
      }
      body.put("endsAt", until.toString());
      body.put("createdBy", api.by());
      body.put("comment", comment);
      JsonNode answer = client.post("/api/v2/silences", body);
      if (api.output == ApiOptions.Output.json) {
        print(answer, new Table());
      } else {
        out().println(answer.path("silenceID").asText());
        out().flush();
      }
    }

    private static Instant time(String option, String text) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e) {
        throw new OperatorException(option + " '" + text + "' is not an RFC 3339 time (e.g. 2025-03-01T22:00:00Z)");
      }
    }
  }

  @Command(name = "expire", description = "Expire silences now.")
  static final class Expire extends OperatorCall {
    @Parameters(arity = "1..*", paramLabel = "SILENCE_ID")
    List<String> ids;

    @Override
    void run(ApiClient client) {
      for (String id : ids) {
        client.delete("/api/v2/silence/" + path(id) + "?by=" + path(api.by()));
        say("expired " + id);
      }
    }
  }
}
