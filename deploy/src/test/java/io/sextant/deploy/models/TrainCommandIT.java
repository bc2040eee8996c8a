package io.sextant.deploy.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.deploy.cli.SextantCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code sextant train} on an embedded store filled with simulated history: trains, registers, promotes, reports. */
class TrainCommandIT {
  @Test
  void trainsTheServiceFamilyOnSimulatedHistoryWithAProgressBar() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new SextantCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute("train", "--family", "service", "--step-seconds", "30", "--promote");
    assertThat(code).as(err.toString()).isZero();
    String text = out.toString();
    assertThat(text).contains("simulate", "[##############################] 100%");
    // Three labelled service faults: the GPU node's service, the surging service and, when that is
    // an API, the web that calls it, whose latency rises by only ~40 % at the night trough.
    assertThat(text).containsPattern("service-kpis +1 tribuo-pca-distance .* 2/3");
    assertThat(text).doesNotContain("rootcause"); // the classifier was removed (docs/models.md)
    assertThat(text).contains("promoted service-kpis v1");
  }

  @Test
  void rejectsAnUnknownTrainer() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new SextantCommand());
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute("train", "--trainer", "forest")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown trainer 'forest'");
  }
}
