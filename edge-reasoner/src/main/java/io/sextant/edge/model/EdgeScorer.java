package io.sextant.edge.model;

import io.sextant.common.bundle.ModelBundle;
import io.sextant.common.bundle.ModelPayload;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.impl.ArrayExample;
import org.tribuo.protos.core.ModelProto;

/**
 * A loaded anomaly model: score above 1 is anomalous, computed exactly as the centre evaluated it
 * (k-means: distance to the nearest centroid over the threshold, in standard units; PCA: the
 * reconstruction error over the threshold; one-class SVM:
 * 1 minus Tribuo's decision value). Loading fails with {@link IllegalArgumentException} for a
 * payload that is not an anomaly model; the bundle was verified before, so that is a centre bug,
 * and it is refused like a bad bundle.
 */
final class EdgeScorer {
  private final ModelPayload payload;
  private final Model<Event> svm;
  private final String[] names;

  @SuppressWarnings("unchecked")
  EdgeScorer(ModelBundle bundle) {
    this.payload = ModelPayload.decode(bundle.payload());
    if (payload.features() != bundle.inputs().size()) {
      throw new IllegalArgumentException("payload has " + payload.features() + " features, bundle declares "
          + bundle.inputs().size() + " inputs");
    }
    names = new String[payload.features()];
    for (int i = 0; i < names.length; i++) {
      names[i] = ModelPayload.featureName(i);
    }
    switch (payload.kind()) {
      case KMEANS_DISTANCE, PCA_DISTANCE -> svm = null;
      case ONE_CLASS_SVM -> {
        try {
          Model<?> m = Model.deserialize(ModelProto.parseFrom(payload.tribuoModel()));
          if (!m.validate(Event.class)) {
            throw new IllegalArgumentException("payload holds a " + m.getClass().getSimpleName() + ", not an anomaly model");
          }
          svm = (Model<Event>) m;
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
          throw new IllegalArgumentException("unreadable Tribuo model: " + e.getMessage(), e);
        }
      }
      default -> throw new IllegalArgumentException("not an anomaly model: " + payload.kind());
    }
  }

  double score(double[] raw) {
    if (svm == null) {
      return payload.distanceScore(raw);
    }
    double[] z = payload.standardize(raw);
    Prediction<Event> p = svm.predict(new ArrayExample<>(AnomalyFactory.UNKNOWN_EVENT, names, z));
    return 1 - p.getOutput().getScore();
  }
}
