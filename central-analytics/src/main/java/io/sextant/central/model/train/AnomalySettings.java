package io.sextant.central.model.train;

import io.sextant.common.bundle.ModelPayload;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How an anomaly model is trained. Defaults are named constants; every value is written into the
 * model's provenance.
 *
 * @param kind k-means distance, PCA reconstruction error or one-class SVM (docs/models.md says which
 *     measured better where)
 * @param k k-means clusters
 * @param iterations k-means iterations
 * @param quantile k-means threshold: this quantile of the training vectors' distances ...
 * @param margin ... times this factor, so the threshold sits outside the normal cloud (also PCA's)
 * @param pcaVariance PCA: keep the fewest principal axes that explain this share of the variance
 * @param nu one-class SVM: the expected share of training outliers
 * @param gamma one-class SVM RBF width; 0 means 1 / features
 * @param maxTrainVectors training vectors kept (evenly spaced) when history has more
 * @param holdout share of the unlabelled history, the latest part, kept out of training to evaluate
 * @param normalLabelWeight one-class SVM: copies of each operator-labelled normal vector in training
 * @param seed every random choice of the trainers
 */
public record AnomalySettings(ModelPayload.Kind kind, int k, int iterations, double quantile, double margin, double pcaVariance, double nu,
    double gamma, int maxTrainVectors, double holdout, int normalLabelWeight, long seed) {
  public static final int DEFAULT_K = 12;
  public static final int DEFAULT_ITERATIONS = 50;
  public static final double DEFAULT_QUANTILE = 0.999;
  public static final double DEFAULT_MARGIN = 1.5;
  public static final double DEFAULT_PCA_VARIANCE = 0.9;
  public static final double DEFAULT_NU = 0.005;
  public static final int DEFAULT_MAX_TRAIN_VECTORS = 6000;
  public static final double DEFAULT_HOLDOUT = 0.3;
  public static final int DEFAULT_NORMAL_LABEL_WEIGHT = 20;
  public static final long DEFAULT_SEED = 7L;

  public AnomalySettings {
    Objects.requireNonNull(kind, "kind");
    if (kind == ModelPayload.Kind.ROOT_CAUSE_CLASSIFIER) {
      throw new IllegalArgumentException("kind must be an anomaly model, got " + kind);
    }
    if (k < 1 || iterations < 1 || maxTrainVectors < 10 || normalLabelWeight < 1) {
      throw new IllegalArgumentException("k, iterations, normalLabelWeight >= 1 and maxTrainVectors >= 10 required");
    }
    if (!(quantile > 0 && quantile <= 1) || !(margin >= 1) || !(nu > 0 && nu < 1) || gamma < 0
        || !(holdout > 0 && holdout < 1) || !(pcaVariance > 0 && pcaVariance < 1)) {
      throw new IllegalArgumentException("quantile in (0,1], margin >= 1, nu in (0,1), gamma >= 0, holdout in (0,1), "
          + "pcaVariance in (0,1)");
    }
  }

  public static AnomalySettings defaults(ModelPayload.Kind kind) {
    return new AnomalySettings(kind, DEFAULT_K, DEFAULT_ITERATIONS, DEFAULT_QUANTILE, DEFAULT_MARGIN, DEFAULT_PCA_VARIANCE, DEFAULT_NU, 0,
        DEFAULT_MAX_TRAIN_VECTORS, DEFAULT_HOLDOUT, DEFAULT_NORMAL_LABEL_WEIGHT, DEFAULT_SEED);
  }

  /** The measured better default (docs/models.md, docs/benchmarks-quality.md). */
  public static AnomalySettings defaults() {
    return defaults(ModelPayload.Kind.PCA_DISTANCE);
  }

  public AnomalySettings withKind(ModelPayload.Kind newKind) {
    return new AnomalySettings(newKind, k, iterations, quantile, margin, pcaVariance, nu, gamma, maxTrainVectors, holdout,
        normalLabelWeight, seed);
  }

  public AnomalySettings withSeed(long newSeed) {
    return new AnomalySettings(kind, k, iterations, quantile, margin, pcaVariance, nu, gamma, maxTrainVectors, holdout,
        normalLabelWeight, newSeed);
  }

  public String trainerName() {
    return switch (kind) {
      case KMEANS_DISTANCE -> "tribuo-kmeans-distance";
      case PCA_DISTANCE -> "tribuo-pca-distance";
      default -> "tribuo-libsvm-one-class";
    };
  }

  /** Only the settings the chosen kind uses, as provenance. */
  public Map<String, String> asProvenance() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("kind", kind.name());
    if (kind == ModelPayload.Kind.KMEANS_DISTANCE) {
      m.put("k", Integer.toString(k));
      m.put("iterations", Integer.toString(iterations));
      m.put("quantile", Double.toString(quantile));
      m.put("margin", Double.toString(margin));
    } else if (kind == ModelPayload.Kind.PCA_DISTANCE) {
      m.put("pcaVariance", Double.toString(pcaVariance));
      m.put("quantile", Double.toString(quantile));
      m.put("margin", Double.toString(margin));
      m.put("normalLabelWeight", Integer.toString(normalLabelWeight));
    } else {
      m.put("nu", Double.toString(nu));
      m.put("gamma", Double.toString(gamma));
      m.put("normalLabelWeight", Integer.toString(normalLabelWeight));
    }
    m.put("maxTrainVectors", Integer.toString(maxTrainVectors));
    m.put("holdout", Double.toString(holdout));
    return m;
  }
}
