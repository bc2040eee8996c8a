package io.sextant.central.rca;

import java.util.List;

/**
 * One possible root cause. {@code anomaly} is the component's strongest metric deviation;
 * {@code explainedBy} names an anomalous dependency that would explain it (null when none does:
 * the component is then a frontier of the fault, where it started); {@code score} orders the
 * ranking and {@code confidence} is its share of the ranking's total weight (they sum to 1).
 */
public record Candidate(String component, double score, double confidence, double anomaly, String explainedBy,
    List<Evidence> evidence) {
  public Candidate {
    evidence = List.copyOf(evidence);
  }
}
