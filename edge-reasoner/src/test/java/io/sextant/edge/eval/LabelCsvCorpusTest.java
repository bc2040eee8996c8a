package io.sextant.edge.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-point label CSVs: both layouts, both timestamp forms, gaps and duplicates, and bad files skipped by name. */
class LabelCsvCorpusTest {
  @TempDir
  Path dir;

  static String rows(int from, int to, String kpi) {
    return IntStream.range(from, to).mapToObj(i -> (1_700_000_000L + 60L * i) + "," + (10 + i % 3) + ","
        + (i >= 15 && i < 18 ? 1 : 0) + (kpi == null ? "" : "," + kpi)).collect(Collectors.joining("\n", "", "\n"));
  }

  @Test
  void readsBothLayoutsAndSkipsBadFilesNamingTheLineAndReason() throws Exception {
    Files.writeString(dir.resolve("a.csv"), "timestamp,value,label\n" + rows(0, 30, null));
    Files.writeString(dir.resolve("challenge.csv"), "KPI ID,timestamp,label,value\n"
        + IntStream.range(0, 30).mapToObj(i -> "k1," + (1_700_000_000L + 60L * i) + "," + (i == 20 ? 1 : 0) + ",5")
            .collect(Collectors.joining("\n", "", "\n"))
        + IntStream.range(0, 12).mapToObj(i -> "k2," + (1_700_000_000L + 300L * i) + ",0,7")
            .collect(Collectors.joining("\n", "", "\n")));
    Files.writeString(dir.resolve("dates.csv"), "timestamp,value,label\n"
        + IntStream.range(0, 12).mapToObj(i -> String.format("2024-01-01 00:%02d:00,%d,%d", i, i, i == 11 ? 1 : 0))
            .collect(Collectors.joining("\n", "", "\n")));
    Files.writeString(dir.resolve("bad-label.csv"), "timestamp,value,label\n" + rows(0, 12, null) + "1700009999,3,yes\n");
    Files.writeString(dir.resolve("bad-time.csv"), "timestamp,value,label\n" + "yesterday,3,0\n" + rows(0, 12, null));
    Files.writeString(dir.resolve("no-label.csv"), "timestamp,value\n" + "1700000000,3\n");
    Files.writeString(dir.resolve("short.csv"), "timestamp,value,label\n" + rows(0, 3, null));

    LabelCsvCorpus.Loaded loaded = LabelCsvCorpus.load(dir);

    assertThat(loaded.series()).extracting(LabeledSeries::name)
        .containsExactly("a.csv", "challenge.csv#k1", "challenge.csv#k2", "dates.csv");
    assertThat(loaded.skipped()).containsOnlyKeys("bad-label.csv", "bad-time.csv", "no-label.csv", "short.csv");
    assertThat(loaded.skipped().get("bad-label.csv")).isEqualTo("line 14: label 'yes' must be 0 or 1");
    assertThat(loaded.skipped().get("bad-time.csv"))
        .isEqualTo("line 2: timestamp 'yesterday' is neither unix seconds nor yyyy-MM-dd HH:mm:ss");
    assertThat(loaded.skipped().get("no-label.csv")).startsWith("header must name timestamp, value and label");
    assertThat(loaded.skipped().get("short.csv")).isEqualTo("short.csv: 3 points, at least 10 needed");

    LabeledSeries a = loaded.series().get(0);
    assertThat(a.size()).isEqualTo(30);
    assertThat(a.timestamps().get(0)).isEqualTo(LocalDateTime.of(2023, 11, 14, 22, 13, 20));
    assertThat(a.windows()).containsExactly(new LabeledSeries.Window(a.timestamps().get(15), a.timestamps().get(17)));
    boolean[] labels = BestF1.pointLabels(a);
    assertThat(IntStream.range(0, 30).filter(i -> labels[i]).boxed()).containsExactly(15, 16, 17);
    assertThat(loaded.series().get(1).windows()).hasSize(1);
    assertThat(loaded.series().get(3).windows()).hasSize(1);
  }

  @Test
  void gapsStayDuplicatesAndMissingValuesAreDroppedAndCounted() throws Exception {
    Files.writeString(dir.resolve("gappy.csv"), "timestamp,value,label\n"
        + rows(20, 30, null) + rows(0, 10, null) // out of order, a gap of 10 minutes between 9 and 20
        + "1700000060,99,0\n" // a duplicate of point 1: the first row is kept
        + "1700003000,,0\n" + "1700003060,NaN,0\n");

    LabelCsvCorpus.Loaded loaded = LabelCsvCorpus.load(dir);

    LabeledSeries s = loaded.series().get(0);
    assertThat(s.size()).isEqualTo(20);
    assertThat(s.values()[1]).isEqualTo(11);
    assertThat(s.timestamps().get(10)).isEqualTo(s.timestamps().get(9).plusMinutes(11));
    assertThat(loaded.duplicateRows()).isEqualTo(1);
    assertThat(loaded.missingValues()).isEqualTo(2);
    assertThat(loaded.skipped()).isEmpty();
  }
}
