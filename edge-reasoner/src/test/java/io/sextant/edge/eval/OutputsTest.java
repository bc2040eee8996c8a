package io.sextant.edge.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-series outputs of {@code sextant eval} and reading the NAB layout. */
class OutputsTest {
  @TempDir
  Path dir;

  private static LabeledSeries series() {
    List<LocalDateTime> ts = new ArrayList<>();
    double[] v = new double[40];
    for (int i = 0; i < 40; i++) {
      ts.add(LocalDateTime.of(2020, 1, 1, 0, 0).plusMinutes(5L * i));
      v[i] = i == 30 ? 50 : 10;
    }
    return new LabeledSeries("cat/s<1>.csv", ts, v,
        List.of(new LabeledSeries.Window(ts.get(28), ts.get(33))));
  }

  @Test
  void scoresCsvKeepsTheRelativePathAndNabTimestamps() throws Exception {
    double[] scores = new double[40];
    scores[30] = 0.75;
    Path out = ScoreFiles.write(dir, series(), scores);
    assertThat(out).isEqualTo(dir.resolve("cat/s<1>.csv"));
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(41);
    assertThat(lines.get(0)).isEqualTo("timestamp,value,anomaly_score");
    assertThat(lines.get(31)).isEqualTo("2020-01-01 02:30:00,50.0,0.75");
  }

  @Test
  void plotIsSelfContainedAndShowsWindowAndDetection() {
    double[] scores = new double[40];
    scores[30] = 0.75;
    String html = SeriesPlot.html(series(), scores, 0.5, "seasonal");
    assertThat(html).contains("<svg", "window 2020-01-01 02:20", "score 0.7500", "1 detections", "s&lt;1&gt;.csv")
        .doesNotContain("<script", "src=", "href=", "<link");
  }

  @Test
  void nabLayoutIsReadAndUnlabelledFilesAreRefused() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data/cat"));
    Files.writeString(data.resolve("a.csv"), "timestamp,value\n2014-04-10 07:15:00,1.5\n2014-04-10 07:20:00,2\n");
    Path labels = dir.resolve("windows.json");
    Files.writeString(labels, "{\"cat/a.csv\": [[\"2014-04-10 07:20:00.000000\", \"2014-04-10 07:20:00.000000\"]]}");
    List<LabeledSeries> c = NabCorpus.load(dir.resolve("data"), labels);
    assertThat(c).singleElement().satisfies(s -> {
      assertThat(s.name()).isEqualTo("cat/a.csv");
      assertThat(s.values()).containsExactly(1.5, 2.0);
      assertThat(s.windows()).singleElement().extracting(LabeledSeries.Window::start)
          .isEqualTo(LocalDateTime.of(2014, 4, 10, 7, 20));
    });
    Files.writeString(data.resolve("b.csv"), "timestamp,value\n2014-04-10 07:15:00,1\n");
    assertThatThrownBy(() -> NabCorpus.load(dir.resolve("data"), labels)).hasMessageContaining("no windows for cat/b.csv");
    Files.writeString(labels, "{\"cat/a.csv\": [], \"cat/b.csv\": []}");
    Files.writeString(data.resolve("b.csv"), "timestamp,value\n2014-04-10 07:15:00,oops\n");
    assertThatThrownBy(() -> NabCorpus.load(dir.resolve("data"), labels)).hasMessageContaining("b.csv:2");
  }
}
