package io.sextant.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sextant.common.codec.JsonCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code sextant eval} end to end on a small corpus it writes itself in the NAB layout: one
 * noisy series with a labelled level shift. The detector must find the window, and the CLI must
 * write the report, the score CSV at the same relative path and the plot.
 */
class EvalCommandTest {
  static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  @Test
  void scoresANabLayoutCorpusAndWritesItsOutputs(@TempDir Path dir) throws Exception {
    Path data = Files.createDirectories(dir.resolve("data/synthetic"));
    LocalDateTime t0 = LocalDateTime.of(2026, 1, 5, 0, 0);
    SplittableRandom random = new SplittableRandom(3);
    StringBuilder csv = new StringBuilder("timestamp,value\n");
    int n = 2000;
    for (int i = 0; i < n; i++) {
      double v = 50 + random.nextGaussian() * 1.5 + (i >= 1500 ? 40 : 0);
      csv.append(t0.plusMinutes(5L * i).format(TS)).append(',').append(v).append('\n');
    }
    Files.writeString(data.resolve("shift.csv"), csv);
    Files.createDirectories(dir.resolve("labels"));
    Files.writeString(dir.resolve("labels/combined_windows.json"), "{\"synthetic/shift.csv\": [[\""
        + t0.plusMinutes(5L * 1450).format(TS) + ".000000\", \"" + t0.plusMinutes(5L * 1550).format(TS)
        + ".000000\"]]}");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      code = new CommandLine(new SextantCommand()).execute("eval", dir.toString(), "--report",
          dir.resolve("report.json").toString(), "--scores", dir.resolve("scores").toString(), "--plots",
          dir.resolve("plots").toString());
    } finally {
      System.setOut(saved);
    }

    assertThat(code).as("exit code; output:%n%s", out).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("standard");
    JsonNode report = JsonCodec.get().mapper().readTree(Files.readAllBytes(dir.resolve("report.json")));
    assertThat(report.toString()).contains("standard");
    Path scores = dir.resolve("scores/synthetic/shift.csv");
    assertThat(Files.readAllLines(scores)).hasSize(n + 1).first().isEqualTo("timestamp,value,anomaly_score");
    assertThat(Files.list(dir.resolve("plots")).count() + Files.walk(dir.resolve("plots")).count()).isPositive();
    double maxScoreInWindow = Files.readAllLines(scores).stream().skip(1451).limit(100)
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(',') + 1))).max().orElse(0);
    assertThat(maxScoreInWindow).as("the level shift stands out").isGreaterThan(0.5);
  }

  @Test
  void scoresGeneratedLabelCsvKpisWithTheLiteraturesFiguresAndSkipsABadFile(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("broken.csv"), "timestamp,value,label\n1700000000,3,maybe\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      code = new CommandLine(new SextantCommand()).execute("eval", dir.toString(), "--generate", "business:1-2",
          "--delay", "5", "--report", dir.resolve("report.json").toString());
    } finally {
      System.setOut(saved);
    }

    assertThat(code).as("exit code; output:%n%s", out).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("detector auto: 2 series")
        .contains("1 files skipped").contains("point-adjusted k=5");
    JsonNode report = JsonCodec.get().mapper().readTree(Files.readAllBytes(dir.resolve("report.json")));
    assertThat(report.get("detector").asText()).isEqualTo("auto");
    assertThat(report.at("/bestF1/delay").asInt()).isEqualTo(5);
    assertThat(report.at("/bestF1/pointAdjusted/f1").asDouble()).as("the generated anomalies are found")
        .isGreaterThan(0.5);
    assertThat(report.at("/skipped/broken.csv").asText()).isEqualTo("line 2: label 'maybe' must be 0 or 1");
  }
}
