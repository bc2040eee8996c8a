package io.sextant.deploy.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sextant.central.rca.RootCauseRanker;
import io.sextant.central.rca.eval.Accuracy;
import io.sextant.central.rca.eval.CaseResult;
import io.sextant.central.rca.eval.RcaEvaluation;
import io.sextant.central.rca.eval.ReportJson;
import io.sextant.sim.rca.IncidentGenerator;
import io.sextant.sim.rca.IncidentSetWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sextant rca-eval}: the root-cause ranking over labelled incidents, scored AC@1, AC@3, Avg@5. */
@Command(name = "rca-eval", mixinStandardHelpOptions = true,
    description = {"Ranks the root cause of every incident under DIR with the centre's dependency-graph ranking "
        + "and prints AC@1, AC@3 and Avg@5 per scenario and overall.",
        "Layout: DIR/<scenario>/graph.csv (cause,effect: effect calls cause), DIR/<scenario>/normal.csv "
            + "(timestamp, then one column per component|metric|statistic), DIR/<scenario>/cases/<case>/metrics.csv "
            + "(same columns around the incident) and case.json ({\"symptom\": {\"component\", \"metric\", "
            + "\"statistic\", \"time\"}, \"root_cause\": \"<component>\"}). A bad case is reported and counted; the "
            + "others are evaluated.",
        "--generate first writes generated microservice incidents (CPU hog, memory leak, delay, loss, disk) into DIR."})
public final class RcaEvalCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DIR", description = "Scenarios in the layout above.")
  Path dir;

  @Option(names = "--report", paramLabel = "FILE",
      description = "Also write JSON: \"overall\" (ac1, ac3, avg5, cases, errors), \"scenarios\" and every case's ranking.")
  Path report;

  @Option(names = "--generate", description = "Write generated scenarios into DIR (which must be empty or absent) first.")
  boolean generate;

  @Option(names = "--seed", defaultValue = "1", description = "With --generate: the first seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--scenarios", defaultValue = "3",
      description = "With --generate: scenarios, one seed each from --seed on, 10 to 40 services (default ${DEFAULT-VALUE}).")
  int scenarios;

  @Option(names = "--cases", defaultValue = "20", description = "With --generate: cases per scenario (default ${DEFAULT-VALUE}).")
  int cases;

  @Option(names = "--train", defaultValue = "0",
      description = "With --generate: training cases per scenario, under train/ (default ${DEFAULT-VALUE}).")
  int train;

  @Option(names = "--no-graph",
      description = "Rank by the metric evidence alone, ignoring the graph (the reference the graph is measured against).")
  boolean noGraph;

  @Option(names = {"-v", "--verbose"}, description = "Print every case: the root cause's rank and the first three candidates.")
  boolean verbose;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (generate) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> s = Files.list(dir)) {
          if (s.findAny().isPresent()) {
            System.err.println(dir + ": not empty; --generate writes only into an empty or new directory");
            return 2;
          }
        }
      }
      for (int i = 0; i < scenarios; i++) {
        int size = 10 + (int) Math.floorMod((seed + i) * 7919L, 31L); // 10..40 services
        IncidentSetWriter.write(dir, IncidentGenerator.scenario(
            String.format(Locale.ROOT, "gen-s%d-n%d", seed + i, size), seed + i, size, cases, train));
      }
      out.printf(Locale.ROOT, "generated %d scenarios into %s%n", scenarios, dir);
    }
    RootCauseRanker.Settings settings = RootCauseRanker.Settings.defaults();
    RcaEvaluation.Report r = new RcaEvaluation(new RootCauseRanker(noGraph ? settings.withoutGraph() : settings)).run(dir);
    out.printf(Locale.ROOT, "%-28s %6s %6s %6s %6s %6s%n", "scenario", "AC@1", "AC@3", "Avg@5", "cases", "errors");
    r.scenarios().forEach((name, a) -> row(out, name, a));
    Map<String, List<Integer>> byFault = new TreeMap<>();
    for (CaseResult c : r.cases()) {
      if (c.ok() && c.fault() != null) {
        byFault.computeIfAbsent("fault " + c.fault(), k -> new ArrayList<>()).add(c.rank());
      }
    }
    byFault.forEach((f, ranks) -> row(out, f, Accuracy.of(ranks, 0)));
    row(out, "overall", r.overall());
    for (CaseResult c : r.cases()) {
      if (!c.ok()) {
        out.println("error: " + c.scenario() + "/" + c.id() + ": " + c.error());
      } else if (verbose) {
        out.printf(Locale.ROOT, "%s/%s %s root %s rank %d: %s%n", c.scenario(), c.id(), c.fault() == null ? "" : c.fault(),
            c.rootCause(), c.rank(), c.ranking().components().subList(0, Math.min(3, c.ranking().candidates().size())));
      }
    }
    if (report != null) {
      writeReport(r);
      out.println("report written to " + report);
    }
    out.flush();
    return 0;
  }

  private static void row(PrintWriter out, String name, Accuracy a) {
    out.printf(Locale.ROOT, "%-28s %6.3f %6.3f %6.3f %6d %6d%n", name, a.ac1(), a.ac3(), a.avg5(), a.cases(), a.errors());
  }

  private void writeReport(RcaEvaluation.Report r) throws IOException {
    if (report.toAbsolutePath().getParent() != null) {
      Files.createDirectories(report.toAbsolutePath().getParent());
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(report.toFile(), ReportJson.of(r));
  }
}
