package io.sextant.edge.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sextant.edge.detect.AutoDetector;
import io.sextant.edge.detect.NoveltyDetector;
import io.sextant.edge.detect.ProfileDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opt-in: prints docs/benchmarks-quality.md's sensitivity table of the auto detector's settings
 * (NAB's three profiles; best F1 on the tuning seeds {@code business} 1–30), one setting moved per
 * row. {@code ./mvnw -B -o verify -pl edge-reasoner -am -Dtest=AutoSensitivityTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dsextant.auto.sweep=true} (minutes on two cores).
 */
class AutoSensitivityTest {
  record Row(String name, UnaryOperator<AutoDetector.Config> change, UnaryOperator<ProfileDetector.Config> profile) {
    Row(String name, UnaryOperator<AutoDetector.Config> change) {
      this(name, change, p -> p);
    }

    static Row profile(String name, UnaryOperator<ProfileDetector.Config> profile) {
      return new Row(name, c -> c, profile);
    }
  }

  @Test
  void printsTheSensitivityTable(@TempDir Path dir) throws Exception {
    assumeTrue(Boolean.getBoolean("sextant.auto.sweep"), "run with -Dsextant.auto.sweep=true");
    Path root = Path.of("..", "..", "shared", "datasets", "nab");
    assumeTrue(Files.isDirectory(root.resolve("data")), "NAB corpus not found at " + root.toAbsolutePath());
    List<LabeledSeries> nab = NabCorpus.load(root.resolve("data"), root.resolve("labels/combined_windows.json"));
    KpiGenerator.write(dir, KpiGenerator.BUSINESS, 1, 30);
    List<LabeledSeries> kpis = LabelCsvCorpus.load(dir).series();
    List<Row> rows = List.of(
        new Row("shipped", c -> c),
        new Row("periodicity 0.40", c -> c.withPeriodicity(0.4)),
        new Row("periodicity 0.60", c -> c.withPeriodicity(0.6)),
        new Row("minPeriods 1.50", c -> c.withMinPeriods(1.5)),
        new Row("minPeriods 2.00", c -> c.withMinPeriods(2.0)),
        new Row("seasonalWeight 0.50", c -> c.withSeasonalWeight(0.5)),
        new Row("seasonalWeight 0.70", c -> c.withSeasonalWeight(0.7)),
        new Row("seasonalWeight 0.80", c -> c.withSeasonalWeight(0.8)),
        Row.profile("profile zAlert 5", p -> p.withZAlert(5)),
        Row.profile("profile zAlert 8", p -> p.withZAlert(8)),
        Row.profile("profile factorMinutes 60", p -> p.withFactorMinutes(60)),
        Row.profile("profile factorMinutes 240", p -> p.withFactorMinutes(240)),
        Row.profile("profile shortAlpha 0.2", p -> p.withShortAlpha(0.2)),
        Row.profile("profile shortAlpha 0.5", p -> p.withShortAlpha(0.5)),
        Row.profile("profile profileDays 2", p -> p.withProfileDays(2)),
        Row.profile("profile profileDays 5", p -> p.withProfileDays(5)));
    int[] warmups = kpis.stream().mapToInt(NabEvaluation::labelWarmup).toArray();
    List<boolean[]> labels = kpis.stream().map(BestF1::pointLabels).toList();
    double shipped = Double.NaN;
    for (Row row : rows) {
      List<ProfileResult> r = new NabScorer(nab).score(run(nab, NabEvaluation::warmup, row),
          NabProfile.defaults());
      BestF1.Figures f = BestF1.of(labels, run(kpis, NabEvaluation::labelWarmup, row), warmups,
          BestF1.DEFAULT_DELAY);
      System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.3f | %.3f |%n", row.name(),
          r.get(0).normalizedScore(), r.get(1).normalizedScore(), r.get(2).normalizedScore(),
          f.pointAdjusted().f1(), f.pointWise().f1());
      shipped = Double.isNaN(shipped) ? r.get(0).normalizedScore() : shipped;
    }
    assertThat(shipped).as("the shipped settings' NAB standard score").isGreaterThanOrEqualTo(75);
  }

  private static List<double[]> run(List<LabeledSeries> corpus, ToIntFunction<LabeledSeries> warmup, Row row) {
    List<double[]> scores = new ArrayList<>();
    for (LabeledSeries s : corpus) {
      int w = warmup.applyAsInt(s);
      AutoDetector d = new AutoDetector(row.change().apply(AutoDetector.Config.forWarmup(w)),
          new NoveltyDetector(NoveltyDetector.Config.forWarmup(w)),
          new ProfileDetector(row.profile().apply(ProfileDetector.Config.forWarmup(w))));
      double[] out = new double[s.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = Math.max(0, Math.min(1, d.score(s.timestamps().get(i).toInstant(ZoneOffset.UTC).toEpochMilli(),
            s.values()[i])));
      }
      scores.add(out);
    }
    return scores;
  }
}
