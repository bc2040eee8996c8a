package io.sextant.central.rca.eval;

import io.sextant.central.rca.Baseline;
import io.sextant.central.rca.DependencyGraph;
import io.sextant.central.rca.MetricFrame;
import io.sextant.central.rca.MetricKey;
import io.sextant.central.rca.Ranking;
import io.sextant.central.rca.RootCauseRanker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the ranking over every case of every scenario under a directory (the layout is in
 * docs/benchmarks-quality.md). A scenario whose graph or normal period is unusable fails each of
 * its cases with that reason; a bad case fails alone. Scenarios and cases go in name order.
 */
public final class RcaEvaluation {
  /** The figures per scenario and over all cases (each case weighs the same), and every case. */
  public record Report(Map<String, Accuracy> scenarios, Accuracy overall, List<CaseResult> cases) {}

  private final RootCauseRanker ranker;

  public RcaEvaluation(RootCauseRanker ranker) {
    this.ranker = ranker;
  }

  public Report run(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + ": not a directory");
    }
    List<CaseResult> all = new ArrayList<>();
    Map<String, Accuracy> per = new LinkedHashMap<>();
    for (Path scenario : children(dir)) {
      List<CaseResult> results = scenario(scenario);
      per.put(scenario.getFileName().toString(), accuracy(results));
      all.addAll(results);
    }
    return new Report(per, accuracy(all), all);
  }

  List<CaseResult> scenario(Path dir) throws IOException {
    String name = dir.getFileName().toString();
    List<Path> caseDirs = Files.isDirectory(dir.resolve("cases")) ? children(dir.resolve("cases")) : List.of();
    DependencyGraph graph;
    Map<MetricKey, Baseline> baselines;
    try {
      if (caseDirs.isEmpty()) {
        throw new BadInputException(dir.resolve("cases") + ": no case directories");
      }
      graph = LayoutReader.graph(dir.resolve("graph.csv"));
      MetricFrame normal = LayoutReader.frame(dir.resolve("normal.csv"), graph);
      baselines = RootCauseRanker.baselines(normal);
    } catch (BadInputException e) {
      List<CaseResult> failed = new ArrayList<>();
      for (Path c : caseDirs.isEmpty() ? List.of(dir) : caseDirs) {
        failed.add(CaseResult.failed(name, c.getFileName().toString(), e.getMessage()));
      }
      return failed;
    }
    List<CaseResult> out = new ArrayList<>();
    for (Path c : caseDirs) {
      out.add(evaluate(name, c, graph, baselines));
    }
    return out;
  }

  private CaseResult evaluate(String scenario, Path dir, DependencyGraph graph, Map<MetricKey, Baseline> baselines) {
    String id = dir.getFileName().toString();
    try {
      LabelledCase c = LayoutReader.labelledCase(dir, graph);
      for (MetricKey k : c.metrics().columns().keySet()) {
        if (!baselines.containsKey(k)) {
          throw new BadInputException(dir.resolve("metrics.csv") + ": column '" + k + "' is not in normal.csv");
        }
      }
      Ranking r = ranker.rank(graph, baselines, c.metrics(), c.symptom());
      return new CaseResult(scenario, id, c.rootCause(), LayoutReader.fault(dir), r, r.rankOf(c.rootCause()), null);
    } catch (BadInputException e) {
      return CaseResult.failed(scenario, id, e.getMessage());
    } catch (RuntimeException e) {
      // a ranking bug must not stop the other cases, but it is this case's error, said plainly
      return CaseResult.failed(scenario, id, dir + ": " + e);
    }
  }

  private static Accuracy accuracy(List<CaseResult> results) {
    List<Integer> ranks = results.stream().filter(CaseResult::ok).map(CaseResult::rank).toList();
    return Accuracy.of(ranks, (int) results.stream().filter(r -> !r.ok()).count());
  }

  private static List<Path> children(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).sorted().toList();
    }
  }
}
