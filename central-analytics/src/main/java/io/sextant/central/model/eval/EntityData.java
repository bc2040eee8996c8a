package io.sextant.central.model.eval;

import java.util.List;

/**
 * One entity (a machine) of a multivariate evaluation set: its metric names, train and test rows
 * (one value per metric, in {@code metrics} order) and the test part's 0/1 labels.
 */
public record EntityData(String name, List<String> metrics, double[][] train, double[][] test, boolean[] labels) {
  public EntityData {
    metrics = List.copyOf(metrics);
    if (test.length != labels.length) {
      throw new IllegalArgumentException(name + ": " + test.length + " test rows but " + labels.length + " labels");
    }
  }
}
