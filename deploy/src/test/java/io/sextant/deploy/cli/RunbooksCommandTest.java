package io.sextant.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sextant runbooks validate DIR}: every error as file:line: reason, and the exit status. */
class RunbooksCommandTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    CommandLine cli = new CommandLine(new SextantCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void namesTheFileLineAndReasonOfEveryErrorAndFailsTheExitStatus() throws Exception {
    Files.writeString(dir.resolve("good.yaml"), """
        id: good
        scope: central
        trigger: {diagnosis: LINK_LOSS}
        action: {kind: REROUTE}
        steps: [{hook: sdn}]
        """);
    Files.writeString(dir.resolve("bad.yaml"), """
        id: bad
        scope: central
        trigger: {diagnosis: LINK_LOSS}
        action: {kind: REROUTE}
        guard:
          window: an hour
          maxActons: 3
        """);
    Files.writeString(dir.resolve("broken.yml"), "id: [\n");
    assertThat(run("runbooks", "validate", dir.toString())).isEqualTo(1);
    assertThat(err.toString().lines()).containsExactly(
        dir.resolve("bad.yaml") + ":6: guard.window: invalid value 'an hour': not a duration (write e.g. 500ms, 45s, "
            + "10m, 1h)",
        dir.resolve("bad.yaml") + ":7: guard.maxActons: unknown field",
        dir.resolve("broken.yml") + ":2: not valid YAML: " + err.toString().lines().toList().get(2)
            .replaceFirst("^.*not valid YAML: ", ""));
    assertThat(out.toString()).contains("ok good (central, REROUTE, steps hook:sdn)").contains("1 valid, 3 error(s)");
  }

  @Test
  void theShippedRunbooksAreValid() {
    assertThat(run("runbooks", "validate", "config/runbooks")).as(err.toString()).isZero();
    assertThat(out.toString()).contains("6 valid, 0 error(s)");
  }

  @Test
  void aMissingDirectoryIsExitStatusTwoAndTheSchemaPrints() {
    assertThat(run("runbooks", "validate", dir.resolve("nope").toString())).isEqualTo(2);
    assertThat(run("runbooks", "schema")).isZero();
    assertThat(out.toString()).contains("\"title\": \"Sextant runbook\"");
  }
}
