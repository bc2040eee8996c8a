package io.sextant.central.model.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An anomaly model's quality on held-out vectors: positives are vectors inside a FAULT label,
 * negatives are normal vectors the model did not train on. {@code faultsDetected} counts labelled
 * faults (label rows) with at least one detected vector, the operator's view of recall.
 */
public record Evaluation(long tp, long fp, long fn, long tn, int faults, int faultsDetected) {
  public double precision() {
    return tp + fp == 0 ? 0 : (double) tp / (tp + fp);
  }

  public double recall() {
    return tp + fn == 0 ? 0 : (double) tp / (tp + fn);
  }

  public double f1() {
    double p = precision();
    double r = recall();
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  public double falsePositiveRate() {
    return fp + tn == 0 ? 0 : (double) fp / (fp + tn);
  }

  /** As provenance metrics: the names the registry and the docs use. */
  public Map<String, Double> asMetrics() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("precision", precision());
    m.put("recall", recall());
    m.put("f1", f1());
    m.put("false_positive_rate", falsePositiveRate());
    m.put("eval_positives", (double) (tp + fn));
    m.put("eval_negatives", (double) (fp + tn));
    m.put("faults", (double) faults);
    m.put("faults_detected", (double) faultsDetected);
    return m;
  }
}
