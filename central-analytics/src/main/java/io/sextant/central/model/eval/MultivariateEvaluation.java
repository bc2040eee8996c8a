package io.sextant.central.model.eval;

import io.sextant.central.model.KpiFamily;
import io.sextant.central.model.train.AnomalyScorer;
import io.sextant.central.model.train.AnomalySettings;
import io.sextant.central.model.train.AnomalyTrainer;
import io.sextant.central.model.train.KpiVector;
import io.sextant.central.model.train.TrainedModel;
import io.sextant.central.model.train.TrainingProgress;
import io.sextant.common.bundle.ModelPayload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Evaluates the centre's multivariate anomaly model family on labelled multivariate data
 * ({@code sextant eval --multivariate}). Per entity: the family's trainer ({@link AnomalyTrainer},
 * the code that trains the models pushed to edges) trains on the train part only; the threshold is
 * chosen by {@link PotThreshold} on the scores of the train part's held-out tail, which the model
 * did not fit and which is later in time, so closer to the test part; then the test part is scored
 * and counted against its labels. Test labels are read only after the threshold is fixed.
 *
 * <p>An entity whose files are bad is refused with its reason and counted; the others are
 * evaluated.
 */
public final class MultivariateEvaluation {
  /**
   * @param model the family's trainer settings
   * @param risk POT: the probability of a normal point scoring above the threshold
   * @param initialQuantile POT: the peaks are the train scores above this quantile
   */
  public record Settings(AnomalySettings model, double risk, double initialQuantile) {
    public static final double DEFAULT_RISK = 1e-3;
    public static final double DEFAULT_INITIAL_QUANTILE = 0.98;

    public static Settings defaults() {
      return new Settings(AnomalySettings.defaults(), DEFAULT_RISK, DEFAULT_INITIAL_QUANTILE);
    }
  }

  /** Arbitrary but fixed: the rows' times only order them; the trainer splits by order. */
  private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  private final Settings settings;

  public MultivariateEvaluation(Settings settings) {
    this.settings = settings;
  }

  /** Every sub-directory of {@code dir} is an entity, in name order. */
  public MultivariateReport run(Path dir, TrainingProgress progress) throws IOException {
    List<Path> entities;
    try (Stream<Path> s = Files.list(dir)) {
      entities = s.filter(Files::isDirectory).sorted().toList();
    }
    if (entities.isEmpty()) {
      throw new IOException("no entity directories under " + dir + " (expected DIR/<entity>/train.csv, test.csv, "
          + "labels.csv)");
    }
    List<EntityResult> results = new ArrayList<>();
    List<MultivariateReport.Failure> failures = new ArrayList<>();
    int total = entities.size() * 3;
    for (int i = 0; i < entities.size(); i++) {
      String name = entities.get(i).getFileName().toString();
      progress.step(name + ": read", 3 * i, total);
      try {
        EntityData data = EntityReader.read(entities.get(i));
        int base = 3 * i;
        results.add(evaluate(data, (stage, done, all) -> progress.step(name + ": " + stage, base + 1, total)));
      } catch (BadEntityException e) {
        failures.add(new MultivariateReport.Failure(name, e.getMessage()));
      } catch (IllegalArgumentException e) {
        failures.add(new MultivariateReport.Failure(name, name + ": " + e.getMessage()));
      }
      progress.step(name + ": done", 3 * i + 3, total);
    }
    return new MultivariateReport(results, failures);
  }

  public EntityResult evaluate(EntityData data, TrainingProgress progress) {
    long t0 = System.nanoTime();
    KpiFamily family = new KpiFamily("multivariate-" + data.name(), data.metrics());
    List<KpiVector> history = vectors(data.name(), data.train(), 0);
    Instant to = EPOCH.plus(Duration.ofMinutes(data.train().length));
    TrainedModel model = new AnomalyTrainer(settings.model()).train(family, 1, history, List.of(), EPOCH, to, progress);
    AnomalyScorer scorer = new AnomalyScorer(ModelPayload.decode(model.bundle().payload()));
    long trainMillis = (System.nanoTime() - t0) / 1_000_000;

    progress.step("threshold", 1, 2);
    double threshold = threshold(scorer, data.train());
    progress.step("score test", 2, 2);
    double[] scores = score(scorer, data.test());
    boolean[] labels = data.labels();
    return new EntityResult(data.name(), data.metrics().size(), data.train().length, data.test().length,
        PointMetrics.positives(labels), PointMetrics.segments(labels), threshold, PointMetrics.at(scores, labels, threshold),
        PointMetrics.best(scores, labels), PointMetrics.bestPointAdjusted(scores, labels),
        model.bundle().provenance().trainer(), trainMillis);
  }

  /** POT over the scores of the train rows the trainer held out (its latest {@code holdout} share). */
  double threshold(AnomalyScorer scorer, double[][] train) {
    int cut = (int) Math.round(train.length * (1 - settings.model().holdout()));
    double[][] tail = java.util.Arrays.copyOfRange(train, cut, train.length);
    return PotThreshold.of(score(scorer, tail), settings.risk(), settings.initialQuantile());
  }

  static double[] score(AnomalyScorer scorer, double[][] rows) {
    double[] s = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      s[i] = scorer.score(rows[i]);
    }
    return s;
  }

  private static List<KpiVector> vectors(String entity, double[][] rows, int offset) {
    List<KpiVector> out = new ArrayList<>(rows.length);
    for (int i = 0; i < rows.length; i++) {
      out.add(new KpiVector(entity, entity, EPOCH.plus(Duration.ofMinutes(offset + i)), rows[i]));
    }
    return out;
  }
}
