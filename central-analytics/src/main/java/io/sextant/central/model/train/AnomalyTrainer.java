package io.sextant.central.model.train;

import io.sextant.central.model.KpiFamily;
import io.sextant.common.bundle.ModelBundle;
import io.sextant.common.bundle.ModelPayload;
import io.sextant.common.bundle.Provenance;
import io.sextant.store.registry.FeedbackLabel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tribuo.MutableDataset;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.anomaly.libsvm.LibSVMAnomalyTrainer;
import org.tribuo.anomaly.libsvm.SVMAnomalyType;
import org.tribuo.clustering.ClusterID;
import org.tribuo.clustering.ClusteringFactory;
import org.tribuo.clustering.kmeans.KMeansModel;
import org.tribuo.clustering.kmeans.KMeansTrainer;
import org.tribuo.common.libsvm.KernelType;
import org.tribuo.common.libsvm.LibSVMModel;
import org.tribuo.common.libsvm.SVMParameters;
import org.tribuo.math.la.DenseVector;

/**
 * Trains a family's multivariate anomaly model on history, the way the next sections of
 * docs/models.md describe:
 * <ol>
 *   <li>vectors inside a FAULT label are never trained on; they are the evaluation's positives;</li>
 *   <li>the unlabelled vectors are split by time: the earliest {@code 1 - holdout} train, the rest
 *       are the evaluation's negatives (a model is judged on data later than it saw);</li>
 *   <li>vectors inside a NORMAL label (an operator said the alarm there was false) are trained on
 *       and must then score normal: k-means keeps each one still outside the threshold as an
 *       extra centroid (an exemplar); the one-class SVM trains on {@code normalLabelWeight} copies.</li>
 * </ol>
 * Deterministic for a given input, settings and seed.
 */
public final class AnomalyTrainer {
  /** Cap on exemplars, so a flood of labels cannot make scoring at the edge expensive. */
  static final int MAX_EXEMPLARS = 256;

  private final AnomalySettings settings;

  public AnomalyTrainer(AnomalySettings settings) {
    this.settings = settings;
  }

  public TrainedModel train(KpiFamily family, long version, List<KpiVector> history, List<FeedbackLabel> labels,
      Instant from, Instant to, TrainingProgress progress) {
    LabelIndex index = new LabelIndex(labels);
    List<KpiVector> positives = new ArrayList<>();
    List<KpiVector> normalLabelled = new ArrayList<>();
    List<KpiVector> unlabelled = new ArrayList<>();
    List<FeedbackLabel> positiveLabels = new ArrayList<>();
    for (KpiVector v : history) {
      Optional<FeedbackLabel> l = index.of(v);
      if (l.isEmpty()) {
        unlabelled.add(v);
      } else if (l.get().kind() == FeedbackLabel.Kind.FAULT) {
        positives.add(v);
        positiveLabels.add(l.get());
      } else {
        normalLabelled.add(v);
      }
    }
    if (unlabelled.size() < 20) {
      throw new IllegalArgumentException(family.modelId() + ": only " + unlabelled.size()
          + " unlabelled vectors in " + from + " .. " + to + "; need history with normal behaviour");
    }
    int cut = (int) Math.round(unlabelled.size() * (1 - settings.holdout()));
    List<KpiVector> train = evenly(unlabelled.subList(0, cut), settings.maxTrainVectors());
    List<KpiVector> negatives = unlabelled.subList(cut, unlabelled.size());

    List<double[]> rawTrain = new ArrayList<>();
    train.forEach(v -> rawTrain.add(v.values()));
    double[][] scaling = scaling(rawTrain);
    progress.step("fit " + settings.kind().name().toLowerCase(java.util.Locale.ROOT), 1, 3);
    ModelPayload payload = switch (settings.kind()) {
      case KMEANS_DISTANCE -> kmeans(rawTrain, normalLabelled, scaling);
      case PCA_DISTANCE -> pca(rawTrain, normalLabelled, scaling);
      default -> svm(rawTrain, normalLabelled, scaling);
    };

    progress.step("evaluate", 2, 3);
    AnomalyScorer scorer = new AnomalyScorer(payload);
    long tp = 0;
    long fn = 0;
    Set<String> detectedFaults = new HashSet<>();
    for (int i = 0; i < positives.size(); i++) {
      if (scorer.anomalous(positives.get(i).values())) {
        tp++;
        detectedFaults.add(positiveLabels.get(i).id());
      } else {
        fn++;
      }
    }
    long fp = negatives.stream().filter(v -> scorer.anomalous(v.values())).count();
    long tn = negatives.size() - fp;
    int faults = (int) positiveLabels.stream().map(FeedbackLabel::id).distinct().count();
    Evaluation eval = new Evaluation(tp, fp, fn, tn, faults, detectedFaults.size());

    Map<String, Double> metrics = new LinkedHashMap<>(eval.asMetrics());
    metrics.put("train_vectors", (double) (train.size() + normalLabelled.size()));
    metrics.put("normal_labelled_vectors", (double) normalLabelled.size());
    Provenance p = new Provenance(from, to, settings.trainerName(), settings.asProvenance(), settings.seed(), metrics);
    progress.step("bundle", 3, 3);
    ModelBundle bundle = new ModelBundle(family.modelId(), version, family.inputs(), p, payload.encode());
    return new TrainedModel(bundle, train.size() + normalLabelled.size());
  }

  private ModelPayload kmeans(List<double[]> rawTrain, List<KpiVector> normalLabelled, double[][] scaling) {
    double[] means = scaling[0];
    double[] scales = scaling[1];
    List<double[]> z = standardize(rawTrain, means, scales);
    List<ClusterID> outputs = Collections.nCopies(z.size(), ClusteringFactory.UNASSIGNED_CLUSTER_ID);
    MutableDataset<ClusterID> data = TribuoData.dataset("kpi history", new ClusteringFactory(), outputs, z);
    int k = Math.min(settings.k(), z.size());
    KMeansTrainer trainer = new KMeansTrainer(k, settings.iterations(), KMeansTrainer.Distance.EUCLIDEAN,
        KMeansTrainer.Initialisation.PLUSPLUS, 1, settings.seed());
    KMeansModel model = trainer.train(data);
    List<double[]> centroids = new ArrayList<>();
    for (DenseVector c : model.getCentroidVectors()) {
      centroids.add(c.toArray());
    }
    // Feature ids follow sorted names; f00..fnn sort in input order, so toArray() is input order.
    ModelPayload provisional = new ModelPayload(ModelPayload.Kind.KMEANS_DISTANCE, means, scales, 1,
        centroids.toArray(double[][]::new), null);
    double[] distances = z.stream().mapToDouble(provisional::nearestDistance).sorted().toArray();
    double threshold = Math.max(quantile(distances, settings.quantile()) * settings.margin(), 1e-6);
    List<double[]> exemplars = new ArrayList<>();
    for (KpiVector v : normalLabelled) {
      double[] zv = provisional.standardize(v.values());
      if (provisional.nearestDistance(zv) > threshold && exemplars.size() < MAX_EXEMPLARS) {
        exemplars.add(zv);
        // Later labelled vectors near this one are now covered by it.
        provisional = new ModelPayload(ModelPayload.Kind.KMEANS_DISTANCE, means, scales, 1,
            concat(centroids, exemplars), null);
      }
    }
    return new ModelPayload(ModelPayload.Kind.KMEANS_DISTANCE, means, scales, threshold,
        concat(centroids, exemplars), null);
  }

  /**
   * Principal axes of the standardised training vectors (Tribuo's eigendecomposition of their
   * covariance), the fewest that explain {@code pcaVariance} of it; the score is probabilistic PCA's
   * distance, so a vector whose metrics stop moving together scores high even when each value is
   * in its usual range, and one that goes far along an axis too. Operator-labelled normal vectors
   * join the fit {@code normalLabelWeight} times each, as for the SVM; unlike k-means' exemplars
   * that does not guarantee they score normal.
   */
  private ModelPayload pca(List<double[]> rawTrain, List<KpiVector> normalLabelled, double[][] scaling) {
    double[] means = scaling[0];
    double[] scales = scaling[1];
    List<double[]> z = withLabelledNormals(rawTrain, normalLabelled, means, scales);
    double[][] axes = Pca.axes(z, settings.pcaVariance());
    ModelPayload provisional = new ModelPayload(ModelPayload.Kind.PCA_DISTANCE, means, scales, 1, axes, null);
    double[] distances = z.stream().mapToDouble(provisional::pcaDistance).sorted().toArray();
    double threshold = Math.max(quantile(distances, settings.quantile()) * settings.margin(), 1e-6);
    return new ModelPayload(ModelPayload.Kind.PCA_DISTANCE, means, scales, threshold, axes, null);
  }

  private ModelPayload svm(List<double[]> rawTrain, List<KpiVector> normalLabelled, double[][] scaling) {
    double[] means = scaling[0];
    double[] scales = scaling[1];
    List<double[]> z = withLabelledNormals(rawTrain, normalLabelled, means, scales);
    SVMParameters<Event> params = new SVMParameters<>(new SVMAnomalyType(SVMAnomalyType.SVMMode.ONE_CLASS),
        KernelType.RBF);
    params.setNu(settings.nu());
    params.setGamma(settings.gamma() > 0 ? settings.gamma() : 1.0 / means.length);
    List<Event> outputs = Collections.nCopies(z.size(), AnomalyFactory.EXPECTED_EVENT);
    MutableDataset<Event> data = TribuoData.dataset("kpi history", new AnomalyFactory(), outputs, z);
    LibSVMModel<Event> model = new LibSVMAnomalyTrainer(params, settings.seed()).train(data);
    return new ModelPayload(ModelPayload.Kind.ONE_CLASS_SVM, means, scales, 0, null,
        model.serialize().toByteArray());
  }

  /** Standardised training vectors plus {@code normalLabelWeight} copies of each operator-labelled normal one. */
  private List<double[]> withLabelledNormals(List<double[]> rawTrain, List<KpiVector> normalLabelled, double[] means,
      double[] scales) {
    List<double[]> z = standardize(rawTrain, means, scales);
    for (KpiVector v : normalLabelled) {
      double[] zv = standardize(List.of(v.values()), means, scales).get(0);
      for (int i = 0; i < settings.normalLabelWeight(); i++) {
        z.add(zv);
      }
    }
    return z;
  }

  /** Per feature mean and standard deviation (floored at {@link ModelPayload#MIN_SCALE}). */
  static double[][] scaling(List<double[]> raw) {
    int n = raw.get(0).length;
    double[] mean = new double[n];
    double[] m2 = new double[n];
    int count = 0;
    for (double[] v : raw) {
      count++;
      for (int i = 0; i < n; i++) {
        double d = v[i] - mean[i];
        mean[i] += d / count;
        m2[i] += d * (v[i] - mean[i]);
      }
    }
    double[] scale = new double[n];
    for (int i = 0; i < n; i++) {
      scale[i] = Math.max(Math.sqrt(m2[i] / Math.max(1, count - 1)), ModelPayload.MIN_SCALE);
    }
    return new double[][] {mean, scale};
  }

  static List<double[]> standardize(List<double[]> raw, double[] means, double[] scales) {
    List<double[]> out = new ArrayList<>(raw.size());
    for (double[] v : raw) {
      double[] z = new double[v.length];
      for (int i = 0; i < v.length; i++) {
        z[i] = (v[i] - means[i]) / scales[i];
      }
      out.add(z);
    }
    return out;
  }

  /** At most {@code max} items, evenly spaced over the list (deterministic, keeps time coverage). */
  static <T> List<T> evenly(List<T> all, int max) {
    if (all.size() <= max) {
      return all;
    }
    List<T> out = new ArrayList<>(max);
    for (int i = 0; i < max; i++) {
      out.add(all.get((int) ((long) i * all.size() / max)));
    }
    return out;
  }

  static double quantile(double[] sorted, double q) {
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static double[][] concat(List<double[]> a, List<double[]> b) {
    List<double[]> all = new ArrayList<>(a);
    all.addAll(b);
    return all.toArray(double[][]::new);
  }
}
