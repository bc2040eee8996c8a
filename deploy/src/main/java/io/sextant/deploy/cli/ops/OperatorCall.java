package io.sextant.deploy.cli.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * One operator command: runs its requests and prints the answer; a failed request prints the
 * server's message on standard error and exits 1. Output goes to picocli's writers, so tests (and
 * scripts embedding the CLI) capture it.
 */
abstract class OperatorCall implements Callable<Integer> {
  @Mixin ApiOptions api;
  @Spec CommandSpec spec;

  /** Does the work with the client; prints through {@link #print}. */
  abstract void run(ApiClient client);

  @Override
  public final Integer call() {
    try {
      run(api.client());
      return 0;
    } catch (OperatorException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("sextant " + spec.qualifiedName(" ").replaceFirst("^sextant ", "") + ": " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** The JSON as the server gave it ({@code -o json}), else the rows (an array, or one object) as a table. */
  void print(JsonNode answer, Table table) {
    if (api.output == ApiOptions.Output.json) {
      try {
        out().println(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
      } catch (JsonProcessingException e) {
        throw new OperatorException("cannot print the answer: " + e.getMessage());
      }
      out().flush();
      return;
    }
    table.print(answer.isArray() ? answer : List.of(answer), out());
  }

  /** Prints a line in table mode only (scripts reading JSON get JSON alone). */
  void say(String line) {
    if (api.output == ApiOptions.Output.table) {
      out().println(line);
      out().flush();
    }
  }

  static String path(String segment) {
    return java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }
}
