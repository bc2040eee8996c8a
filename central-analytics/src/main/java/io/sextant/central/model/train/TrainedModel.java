package io.sextant.central.model.train;

import io.sextant.common.bundle.ModelBundle;
import java.util.Map;

/** A trained model ready to register: its bundle, whose provenance carries the evaluation metrics. */
public record TrainedModel(ModelBundle bundle, int trainVectors) {
  public Map<String, Double> metrics() {
    return bundle.provenance().metrics();
  }

  public double metric(String name) {
    Double v = metrics().get(name);
    if (v == null) {
      throw new IllegalArgumentException(bundle.modelId() + " has no metric '" + name + "': " + metrics().keySet());
    }
    return v;
  }
}
