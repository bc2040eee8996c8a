package io.sextant.edge.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sextant.edge.detect.NoveltyDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * How much the novelty detector's NAB scores move when one setting changes: the sensitivity table
 * of docs/benchmarks-nab.md. About 20 corpus runs (a minute or two), so it runs only on demand:
 * {@code ./mvnw -B -ntp -o test -pl edge-reasoner -Dtest=NoveltySensitivityTest -Dsextant.nab.sweep=true}.
 */
class NoveltySensitivityTest {

  @Test
  void printsTheSensitivityTable() throws Exception {
    assumeTrue(Boolean.getBoolean("sextant.nab.sweep"), "run with -Dsextant.nab.sweep=true");
    String configured = System.getProperty("sextant.nab.dir");
    Path root = configured != null ? Path.of(configured) : Path.of("..", "..", "shared", "datasets", "nab");
    assumeTrue(Files.isDirectory(root.resolve("data")), "NAB corpus not found at " + root.toAbsolutePath());
    List<LabeledSeries> corpus = NabCorpus.load(root.resolve("data"), root.resolve("labels/combined_windows.json"));
    NabScorer scorer = new NabScorer(corpus);

    Map<String, UnaryOperator<NoveltyDetector.Config>> variants = new LinkedHashMap<>();
    variants.put("shipped (defaults)", c -> c);
    variants.put("5 bins", c -> c.withBins(5));
    variants.put("7 bins", c -> c.withBins(7));
    for (int warmups : new int[] {4, 6, 10}) {
      variants.put("forget after " + warmups + " warm-ups", c -> c.withForgetPoints(warmups * c.warmupPoints()));
    }
    variants.put("never forget", c -> c.withForgetPoints(Integer.MAX_VALUE));
    for (double rest : new double[] {0.15, 0.25}) {
      variants.put("rest " + rest + " warm-ups", c -> c.withRestPoints((int) (rest * c.warmupPoints())));
    }
    variants.put("no rest period", c -> c.withRestPoints(0));
    for (double range : new double[] {0.4, 0.6}) {
      variants.put("range over " + range + " of the warm-up", c -> c.withRangeFraction(range));
    }
    variants.put("channels raw, ~10, ~50", c -> c.withSmoothing(List.of(1.0, 0.1, 0.02)));
    variants.put("channels raw, ~2, ~5, ~10, ~20, ~50", c -> c.withSmoothing(List.of(1.0, 0.5, 0.2, 0.1, 0.05, 0.02)));
    variants.put("raw value only", c -> c.withSmoothing(List.of(1.0)));

    System.out.printf(Locale.ROOT, "| %-40s | %8s | %8s | %8s |%n", "change", "standard", "low FP", "low FN");
    double shipped = Double.NaN;
    for (Map.Entry<String, UnaryOperator<NoveltyDetector.Config>> v : variants.entrySet()) {
      List<double[]> scores = NabEvaluation.run(corpus, series -> {
        NoveltyDetector d = new NoveltyDetector(v.getValue().apply(
            NoveltyDetector.Config.forWarmup(NabEvaluation.warmup(series))));
        return (t, x) -> d.score(x);
      });
      List<ProfileResult> r = scorer.score(scores, NabProfile.defaults());
      System.out.printf(Locale.ROOT, "| %-40s | %8.2f | %8.2f | %8.2f |%n", v.getKey(), r.get(0).normalizedScore(),
          r.get(1).normalizedScore(), r.get(2).normalizedScore());
      if (Double.isNaN(shipped)) {
        shipped = r.get(0).normalizedScore();
      }
    }
    assertThat(shipped).as("the defaults reproduce the published standard score").isBetween(75.97, 75.99);
  }
}
