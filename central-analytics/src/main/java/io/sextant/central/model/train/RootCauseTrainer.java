package io.sextant.central.model.train;

import io.sextant.central.model.KpiFamily;
import io.sextant.common.bundle.ModelBundle;
import io.sextant.common.bundle.ModelPayload;
import io.sextant.common.bundle.Provenance;
import io.sextant.store.registry.FeedbackLabel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGrad;

/**
 * Trains a family's root-cause classifier (multinomial logistic regression, Tribuo SGD) on
 * labelled incidents: vectors inside a FAULT label are examples of its cause, vectors inside a
 * NORMAL label (false alarms) and a sample of unlabelled history are NORMAL. Every third vector of
 * each class is held out to evaluate (faults are few, so a split by time would leave a class out).
 */
public final class RootCauseTrainer {
  public static final int DEFAULT_EPOCHS = 20;
  /** Unlabelled vectors taken as NORMAL: this many per labelled fault vector, at least {@link #MIN_NORMAL}. */
  static final int NORMAL_PER_FAULT = 3;
  static final int MIN_NORMAL = 300;

  private final int epochs;
  private final long seed;

  public RootCauseTrainer(int epochs, long seed) {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
    }
    this.epochs = epochs;
    this.seed = seed;
  }

  public TrainedModel train(KpiFamily family, long version, List<KpiVector> history, List<FeedbackLabel> labels,
      Instant from, Instant to, TrainingProgress progress) {
    LabelIndex index = new LabelIndex(labels);
    Map<String, List<double[]>> byClass = new TreeMap<>();
    List<double[]> unlabelled = new ArrayList<>();
    int faultVectors = 0;
    for (KpiVector v : history) {
      Optional<FeedbackLabel> l = index.of(v);
      if (l.isEmpty()) {
        unlabelled.add(v.values());
      } else if (l.get().kind() == FeedbackLabel.Kind.FAULT) {
        byClass.computeIfAbsent(l.get().cause(), c -> new ArrayList<>()).add(v.values());
        faultVectors++;
      } else {
        byClass.computeIfAbsent(RootCauseModel.NORMAL, c -> new ArrayList<>()).add(v.values());
      }
    }
    if (faultVectors == 0) {
      throw new IllegalArgumentException(family.rootCauseModelId() + ": no labelled incident in " + from + " .. " + to);
    }
    byClass.computeIfAbsent(RootCauseModel.NORMAL, c -> new ArrayList<>())
        .addAll(AnomalyTrainer.evenly(unlabelled, Math.max(MIN_NORMAL, NORMAL_PER_FAULT * faultVectors)));

    List<double[]> trainX = new ArrayList<>();
    List<Label> trainY = new ArrayList<>();
    List<double[]> evalX = new ArrayList<>();
    List<String> evalY = new ArrayList<>();
    byClass.forEach((cause, vectors) -> {
      for (int i = 0; i < vectors.size(); i++) {
        if (i % 3 == 2) {
          evalX.add(vectors.get(i));
          evalY.add(cause);
        } else {
          trainX.add(vectors.get(i));
          trainY.add(new Label(cause));
        }
      }
    });
    double[][] scaling = AnomalyTrainer.scaling(trainX);
    progress.step("fit root-cause classifier", 1, 3);
    MutableDataset<Label> data = TribuoData.dataset("labelled incidents", new LabelFactory(), trainY,
        AnomalyTrainer.standardize(trainX, scaling[0], scaling[1]));
    LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.5, 0.1), epochs, seed);
    Model<Label> model = trainer.train(data);
    ModelPayload payload = new ModelPayload(ModelPayload.Kind.ROOT_CAUSE_CLASSIFIER, scaling[0], scaling[1], 0, null,
        model.serialize().toByteArray());

    progress.step("evaluate root-cause classifier", 2, 3);
    RootCauseModel loaded = new RootCauseModel(payload);
    Map<String, int[]> perClass = new TreeMap<>();
    int correct = 0;
    for (int i = 0; i < evalX.size(); i++) {
      boolean ok = loaded.classify(evalX.get(i)).cause().equals(evalY.get(i));
      correct += ok ? 1 : 0;
      int[] c = perClass.computeIfAbsent(evalY.get(i), k -> new int[2]);
      c[0] += ok ? 1 : 0;
      c[1]++;
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("accuracy", evalX.isEmpty() ? 0 : (double) correct / evalX.size());
    double macro = 0;
    for (Map.Entry<String, int[]> e : perClass.entrySet()) {
      double r = (double) e.getValue()[0] / e.getValue()[1];
      metrics.put("recall_" + e.getKey(), r);
      macro += r;
    }
    metrics.put("macro_recall", perClass.isEmpty() ? 0 : macro / perClass.size());
    metrics.put("train_vectors", (double) trainX.size());
    metrics.put("eval_vectors", (double) evalX.size());
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("kind", ModelPayload.Kind.ROOT_CAUSE_CLASSIFIER.name());
    settings.put("objective", "LogMulticlass");
    settings.put("optimiser", "AdaGrad(0.5, 0.1)");
    settings.put("epochs", Integer.toString(epochs));
    settings.put("classes", String.join(",", byClass.keySet()));
    Provenance p = new Provenance(from, to, "tribuo-linear-sgd-logistic", settings, seed, metrics);
    progress.step("bundle root-cause classifier", 3, 3);
    ModelBundle bundle = new ModelBundle(family.rootCauseModelId(), version, family.inputs(), p, payload.encode());
    return new TrainedModel(bundle, trainX.size());
  }
}
