package io.sextant.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sextant.common.codec.JsonCodec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sextant bench localize} on a tiny mesh, end to end through the CLI: output and JSON report. */
class BenchLocalizeCommandTest {
  @Test
  void scoresATinyMeshAndWritesTheReport(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("out/localize.json");
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new SextantCommand());
    cli.setOut(new PrintWriter(out));

    int code = cli.execute("bench", "localize", "--links", "40", "--faults", "2", "--seed", "3", "--rounds", "4",
        "--report", report.toString());

    assertThat(code).as("exit code; output:%n%s", out).isZero();
    assertThat(out.toString()).contains("identifiable links:", "all links:", "round: median");
    JsonNode json = JsonCodec.get().mapper().readTree(Files.readAllBytes(report));
    assertThat(json.at("/overall/precision").asDouble(-1)).isBetween(0.0, 1.0);
    assertThat(json.at("/overall/recall").asDouble(-1)).isBetween(0.0, 1.0);
    assertThat(json.at("/overall/population").asText()).isEqualTo("identifiable");
    assertThat(json.at("/identifiable/true_positives").asInt() + json.at("/identifiable/false_negatives").asInt())
        .as("two lossy links in each of four rounds").isEqualTo(8);
    assertThat(json.at("/all/recall").isNumber()).isTrue();
    assertThat(json.at("/round_ms/median").asDouble(-1)).isGreaterThanOrEqualTo(0);
    assertThat(json.at("/round_ms/worst").asDouble(-1)).isGreaterThanOrEqualTo(json.at("/round_ms/median").asDouble());
    assertThat(json.at("/mesh/paths").asInt()).isPositive();
    assertThat(json.at("/identifiability_criterion").asText()).contains("exactly the same paths");
  }

  @Test
  void aFaultCountOutOfRangeIsRefusedWithTheReason() {
    java.io.PrintStream saved = System.err;
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    int code;
    try {
      System.setErr(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
      code = new CommandLine(new SextantCommand()).execute("bench", "localize", "--links", "40", "--faults", "5");
    } finally {
      System.setErr(saved);
    }
    assertThat(code).isEqualTo(2);
    assertThat(buf.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("faults must be 1 to 3");
  }
}
