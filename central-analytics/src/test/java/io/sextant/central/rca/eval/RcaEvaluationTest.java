package io.sextant.central.rca.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.central.rca.RootCauseRanker;
import io.sextant.sim.rca.IncidentGenerator;
import io.sextant.sim.rca.IncidentSetWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RcaEvaluationTest {
  @TempDir
  Path dir;

  @Test
  void ranksAGeneratedSetAndCountsEachBadCaseWithoutLosingTheOthers() throws Exception {
    IncidentSetWriter.write(dir, IncidentGenerator.scenario("small", 3, 10, 10, 0));
    Path cases = dir.resolve("small").resolve("cases");
    Files.delete(cases.resolve("case-01").resolve("metrics.csv"));
    replaceInMetrics(cases.resolve("case-02"), 3, "abc");
    renameFirstMetricColumn(cases.resolve("case-03"), "ghost|cpu|mean");
    Path json = cases.resolve("case-04").resolve("case.json");
    Files.writeString(json, Files.readString(json).replaceAll("\"root_cause\": \"[^\"]*\",", ""));
    // a scenario whose graph is missing fails its own cases only
    IncidentSetWriter.write(dir, IncidentGenerator.scenario("nograph", 4, 10, 2, 0));
    Files.delete(dir.resolve("nograph").resolve("graph.csv"));

    RcaEvaluation.Report r = new RcaEvaluation(new RootCauseRanker(RootCauseRanker.Settings.defaults())).run(dir);

    assertThat(r.scenarios()).containsOnlyKeys("nograph", "small");
    assertThat(r.scenarios().get("small").cases()).isEqualTo(6);
    assertThat(r.scenarios().get("small").errors()).isEqualTo(4);
    assertThat(r.scenarios().get("nograph").errors()).isEqualTo(2);
    assertThat(r.overall().cases()).isEqualTo(6);
    assertThat(r.overall().errors()).isEqualTo(6);
    List<String> errors = r.cases().stream().filter(c -> !c.ok()).map(CaseResult::error).toList();
    assertThat(errors).anySatisfy(e -> assertThat(e).contains("case-01").contains("metrics.csv: missing"))
        .anySatisfy(e -> assertThat(e).contains("case-02").contains("abc"))
        .anySatisfy(e -> assertThat(e).contains("ghost|cpu|mean").contains("names no node of the graph"))
        .anySatisfy(e -> assertThat(e).contains("case-04").contains("no root_cause"))
        .anySatisfy(e -> assertThat(e).contains("graph.csv: missing"));
    // the six good cases are ranked, each with its root among the candidates, most of them first
    List<CaseResult> good = r.cases().stream().filter(CaseResult::ok).toList();
    assertThat(good).hasSize(6).allSatisfy(c -> assertThat(c.rank()).isPositive());
    assertThat(r.overall().ac3()).isGreaterThanOrEqualTo(0.8);
    assertThat(r.overall().avg5()).isBetween(r.overall().ac1(), 1.0);

    // the report's shape, as rca-eval --report writes it
    com.fasterxml.jackson.databind.JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper()
        .valueToTree(ReportJson.of(r));
    assertThat(report.path("overall").path("ac1").asDouble()).isEqualTo(r.overall().ac1());
    assertThat(report.path("overall").path("ac3").asDouble()).isEqualTo(r.overall().ac3());
    assertThat(report.path("overall").path("avg5").asDouble()).isEqualTo(r.overall().avg5());
    assertThat(report.path("overall").path("cases").asInt()).isEqualTo(6);
    assertThat(report.path("cases")).hasSize(12);
    com.fasterxml.jackson.databind.JsonNode ranked = report.path("cases").get(6); // small/case-05, after nograph's two and small's four errors
    assertThat(ranked.path("case").asText()).isEqualTo("case-05");
    assertThat(ranked.path("ranking").get(0).path("component").isTextual()).isTrue();
    assertThat(ranked.path("ranking").get(0).path("evidence").get(0).path("metric").asText()).contains("|");
  }

  @Test
  void accuracyAtKCountsRanksUpToK() {
    Accuracy a = Accuracy.of(List.of(1, 2, 3, 0, 6), 1);
    assertThat(a.ac1()).isEqualTo(0.2);
    assertThat(a.ac3()).isEqualTo(0.6);
    assertThat(a.avg5()).isEqualTo((0.2 + 0.4 + 0.6 + 0.6 + 0.6) / 5, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(a.cases()).isEqualTo(5);
    assertThat(a.errors()).isEqualTo(1);
  }

  @Test
  void timesAreEpochSecondsMillisOrIso() {
    assertThat(LayoutReader.time("1767225600")).isEqualTo(LayoutReader.time("2026-01-01T00:00:00Z"));
    assertThat(LayoutReader.time("1767225600000")).isEqualTo(LayoutReader.time("2026-01-01 00:00:00"));
  }

  private static void replaceInMetrics(Path caseDir, int row, String value) throws Exception {
    Path f = caseDir.resolve("metrics.csv");
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(f));
    String[] cells = lines.get(row).split(",", -1);
    cells[2] = value;
    lines.set(row, String.join(",", cells));
    Files.write(f, lines);
  }

  private static void renameFirstMetricColumn(Path caseDir, String name) throws Exception {
    Path f = caseDir.resolve("metrics.csv");
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(f));
    String[] cells = lines.get(0).split(",", -1);
    cells[1] = name;
    lines.set(0, String.join(",", cells));
    Files.write(f, lines);
  }
}
