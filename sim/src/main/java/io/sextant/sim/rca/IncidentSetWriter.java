package io.sextant.sim.rca;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes generated scenarios in {@code sextant rca-eval}'s layout (see docs/benchmarks-quality.md). */
public final class IncidentSetWriter {
  private IncidentSetWriter() {}

  public static void write(Path dir, IncidentGenerator.Scenario s) throws IOException {
    Path root = dir.resolve(s.name());
    Files.createDirectories(root);
    StringBuilder g = new StringBuilder("cause,effect\n");
    for (String[] e : s.edges()) {
      g.append(e[0]).append(',').append(e[1]).append('\n');
    }
    Files.writeString(root.resolve("graph.csv"), g);
    table(root.resolve("normal.csv"), s.normal());
    for (IncidentGenerator.Incident i : s.cases()) {
      incident(root.resolve("cases").resolve(i.id()), i);
    }
    for (IncidentGenerator.Incident i : s.train()) {
      incident(root.resolve("train").resolve(i.id()), i);
    }
  }

  static void incident(Path dir, IncidentGenerator.Incident i) throws IOException {
    Files.createDirectories(dir);
    table(dir.resolve("metrics.csv"), i.metrics());
    Files.writeString(dir.resolve("case.json"), String.format(java.util.Locale.ROOT,
        "{\"symptom\": {\"component\": \"%s\", \"metric\": \"%s\", \"statistic\": \"%s\", \"time\": %d},%n"
            + " \"root_cause\": \"%s\", \"fault\": \"%s\"}%n",
        i.symptomComponent(), i.symptomMetric(), i.symptomStatistic(), i.symptomTime(), i.root(),
        i.type().name().toLowerCase(java.util.Locale.ROOT)));
  }

  static void table(Path file, IncidentGenerator.Table t) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      w.write("timestamp");
      for (String c : t.columns()) {
        w.write(',');
        w.write(c);
      }
      w.newLine();
      for (int r = 0; r < t.times().length; r++) {
        w.write(Long.toString(t.times()[r]));
        for (double v : t.values()[r]) {
          w.write(',');
          w.write(IncidentGenerator.format(v));
        }
        w.newLine();
      }
    }
  }

  /** Convenience for callers that hold several. */
  public static void writeAll(Path dir, List<IncidentGenerator.Scenario> all) throws IOException {
    for (IncidentGenerator.Scenario s : all) {
      write(dir, s);
    }
  }
}
