package io.sextant.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sextant.common.codec.JsonCodec;
import io.sextant.testkit.gen.ServerMachines;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code sextant eval --multivariate DIR} end to end on two tiny generated machines and one with
 * a NaN: the table, the progress bar on standard error, the JSON report's overall figures, and the
 * bad machine refused by name while the others are evaluated.
 */
class MultivariateEvalCommandTest {
  @Test
  void evaluatesTheMachinesWritesTheReportAndRefusesTheBadOne(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("smd");
    ServerMachines.write(data, "machine-1", 31, ServerMachines.Shape.tiny());
    ServerMachines.write(data, "machine-2", 32, ServerMachines.Shape.tiny());
    ServerMachines.write(data, "machine-3", 33, ServerMachines.Shape.tiny());
    Path broken = data.resolve("machine-3/test.csv");
    Files.writeString(broken, Files.readString(broken).replaceFirst("\n(\\d+),[^,\n]+,", "\n$1,NaN,"));

    StringWriter out = new StringWriter();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    int code;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      CommandLine cli = new CommandLine(new SextantCommand());
      cli.setOut(new PrintWriter(out));
      code = cli.execute("eval", "--multivariate", data.toString(), "--report", dir.resolve("mv.json").toString());
    } finally {
      System.setErr(saved);
    }

    String stderr = err.toString(StandardCharsets.UTF_8);
    assertThat(code).as("exit code; stdout:%n%s%nstderr:%n%s", out, stderr).isZero();
    assertThat(stderr).contains("[##############################] 100%")
        .contains("refused machine-3: test.csv row 2, column m00_g0: missing or NaN");
    assertThat(out.toString()).contains("machine-1", "machine-2", "overall", "1 entity refused")
        .doesNotContain("machine-3 ");
    JsonNode report = JsonCodec.get().mapper().readTree(Files.readAllBytes(dir.resolve("mv.json")));
    JsonNode overall = report.get("overall");
    for (String key : new String[] {"f1", "precision", "recall", "best_f1", "best_f1_point_adjusted"}) {
      assertThat(overall.get(key).isNumber()).as(key).isTrue();
    }
    assertThat(overall.get("best_f1_point_adjusted").asDouble()).isGreaterThan(0.9);
    assertThat(report.get("entities")).hasSize(2);
    assertThat(report.get("failures").get(0).get("entity").asText()).isEqualTo("machine-3");
  }
}
