package io.sextant.central.model.eval;

import io.sextant.central.model.train.AnomalySettings;
import io.sextant.central.model.train.TrainingProgress;
import io.sextant.testkit.gen.ServerMachines;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The multivariate evaluation on generated SMD-like machines (docs/benchmarks-quality.md, section
 * "Multivariate models"). Not part of the suite (its name does not end in Test); run with
 * {@code -Dtest=MultivariateQualityBench -Dmv.seeds=101,102 -Dmv.shape=smd|variant}. Writes the data
 * under {@code target/mv-bench/<shape>-<seeds>} (emptied first) in the evaluation layout, so the CLI can be run on it too.
 */
class MultivariateQualityBench {
  public static void main(String[] args) throws Exception {
    new MultivariateQualityBench().run();
  }

  @Test
  void run() throws Exception {
    String shapeName = System.getProperty("mv.shape", "smd");
    ServerMachines.Shape shape = "variant".equals(shapeName) ? ServerMachines.Shape.variant()
        : ServerMachines.Shape.smd();
    List<Long> seeds = new ArrayList<>();
    for (String s : System.getProperty("mv.seeds", "1,2,3").split(",")) {
      seeds.add(Long.parseLong(s.trim()));
    }
    Path dir = Path.of("target", "mv-bench", shapeName + "-" + String.join("-", seeds.stream().map(String::valueOf)
        .toList()));
    if (java.nio.file.Files.exists(dir)) {
      try (var old = java.nio.file.Files.walk(dir)) {
        old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    for (long seed : seeds) {
      ServerMachines.write(dir, "machine-" + seed, seed, shape);
    }
    MultivariateEvaluation.Settings settings = MultivariateEvaluation.Settings.defaults();
    long t0 = System.nanoTime();
    MultivariateReport report = new MultivariateEvaluation(settings).run(dir, TrainingProgress.NONE);
    for (EntityResult e : report.entities()) {
      System.out.printf(Locale.ROOT, "%-14s thr %8.3f  P %.3f R %.3f F1 %.3f | best F1 %.3f (P %.3f R %.3f)"
          + " | best PA F1 %.3f | %d segs, %.1f%% anomalous, %d ms%n", e.entity(), e.threshold(),
          e.atThreshold().precision(), e.atThreshold().recall(), e.atThreshold().f1(), e.best().counts().f1(),
          e.best().counts().precision(), e.best().counts().recall(), e.bestAdjusted().counts().f1(), e.segments(),
          100.0 * e.anomalousPoints() / e.testRows(), e.trainMillis());
    }
    System.out.printf(Locale.ROOT, "OVERALL %s seeds %s: P %.3f R %.3f F1 %.3f | best F1 %.3f | best PA F1 %.3f"
        + " | %.1f s%n", shapeName, seeds, report.atThreshold().precision(), report.atThreshold().recall(),
        report.atThreshold().f1(), report.best().f1(), report.bestAdjusted().f1(), (System.nanoTime() - t0) / 1e9);
    report.failures().forEach(f -> System.out.println("FAILED " + f));
  }
}
