package io.sextant.central.model.train;

import io.sextant.common.bundle.ModelPayload;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.protos.core.ModelProto;

/**
 * Scores raw KPI vectors with an anomaly payload, as the edge does: score above 1 is anomalous.
 * k-means: distance to the nearest centroid over the threshold; PCA: reconstruction error over the
 * threshold; one-class SVM: 1 minus the SVM's
 * decision value (negative outside the learnt region). Not thread-safe for the SVM (Tribuo
 * predict allocates per call but the model is shared read-only, so it is in practice).
 */
public final class AnomalyScorer {
  private final ModelPayload payload;
  private final Model<Event> svm;
  private final String[] names;

  @SuppressWarnings("unchecked")
  public AnomalyScorer(ModelPayload payload) {
    this.payload = payload;
    this.names = TribuoData.names(payload.features());
    if (payload.kind() == ModelPayload.Kind.ONE_CLASS_SVM) {
      try {
        Model<?> m = Model.deserialize(ModelProto.parseFrom(payload.tribuoModel()));
        if (!m.validate(Event.class)) {
          throw new IllegalArgumentException("payload holds a " + m.getClass().getSimpleName() + ", not an anomaly model");
        }
        svm = (Model<Event>) m;
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new IllegalArgumentException("payload: unreadable Tribuo model (" + e.getMessage() + ")", e);
      }
    } else if (payload.kind().plain()) {
      svm = null;
    } else {
      throw new IllegalArgumentException("not an anomaly payload: " + payload.kind());
    }
  }

  public double score(double[] raw) {
    if (svm == null) {
      return payload.distanceScore(raw);
    }
    double[] z = payload.standardize(raw);
    Prediction<Event> p = svm.predict(TribuoData.example(AnomalyFactory.UNKNOWN_EVENT, names, z));
    return 1 - p.getOutput().getScore();
  }

  public boolean anomalous(double[] raw) {
    return score(raw) > 1;
  }
}
