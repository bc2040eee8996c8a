package io.sextant.deploy.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sextant.central.model.eval.EntityResult;
import io.sextant.central.model.eval.MultivariateEvaluation;
import io.sextant.central.model.eval.MultivariateReport;
import io.sextant.central.model.eval.PointCounts;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code sextant eval --multivariate DIR}: the centre's multivariate model family trained and
 * scored per entity ({@link MultivariateEvaluation}), printed as a table, optionally written as
 * JSON. A progress bar on standard error while it trains. Exit code 0 when at least one entity was
 * evaluated (refused entities are listed and counted), 1 when none could be.
 */
final class MultivariateEval {
  private MultivariateEval() {}

  static int run(Path dir, Path report, PrintWriter out) throws IOException {
    if (!Files.isDirectory(dir)) {
      System.err.println("no directory " + dir + " (expected DIR/<entity>/train.csv, test.csv, labels.csv)");
      return 2;
    }
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    MultivariateReport r = new MultivariateEvaluation(MultivariateEvaluation.Settings.defaults())
        .run(dir, TrainCommand.bar(err, "multivariate"));
    err.println();
    out.printf(Locale.ROOT, "%-24s %7s %6s %9s %9s %9s %7s %7s %9s%n", "entity", "metrics", "test", "precision",
        "recall", "F1", "best F1", "best PA", "threshold");
    for (EntityResult e : r.entities()) {
      PointCounts c = e.atThreshold();
      out.printf(Locale.ROOT, "%-24s %7d %6d %9.3f %9.3f %9.3f %7.3f %7.3f %9.4g%n", e.entity(), e.metrics(),
          e.testRows(), c.precision(), c.recall(), c.f1(), e.best().counts().f1(), e.bestAdjusted().counts().f1(),
          e.threshold());
    }
    PointCounts all = r.atThreshold();
    out.printf(Locale.ROOT, "%-24s %7s %6d %9.3f %9.3f %9.3f %7.3f %7.3f%n", "overall", "",
        r.entities().stream().mapToInt(EntityResult::testRows).sum(), all.precision(), all.recall(), all.f1(),
        r.best().f1(), r.bestAdjusted().f1());
    out.println("precision, recall, F1: point-wise at the threshold chosen on each entity's train part (POT); "
        + "best F1: best point-wise over all thresholds; best PA: best point-adjusted F1 (both peek at the labels)");
    for (MultivariateReport.Failure f : r.failures()) {
      System.err.println("refused " + f.reason());
    }
    if (!r.failures().isEmpty()) {
      out.println(r.failures().size() + " entit" + (r.failures().size() == 1 ? "y" : "ies")
          + " refused (reasons on standard error)");
    }
    if (report != null) {
      if (report.toAbsolutePath().getParent() != null) {
        Files.createDirectories(report.toAbsolutePath().getParent());
      }
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(report.toFile(), r.asJson());
      out.println("report written to " + report);
    }
    out.flush();
    return r.entities().isEmpty() ? 1 : 0;
  }
}
