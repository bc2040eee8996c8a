package io.sextant.central.model.train;

import io.sextant.common.bundle.ModelPayload;
import java.util.Map;
import java.util.TreeMap;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.protos.core.ModelProto;

/** A loaded root-cause classifier: the likely fault kind of a resource's KPI vector, or NORMAL. */
public final class RootCauseModel {
  public static final String NORMAL = "NORMAL";

  private final ModelPayload payload;
  private final Model<Label> model;
  private final String[] names;

  /** The verdict and the probability of every class. */
  public record Verdict(String cause, double probability, Map<String, Double> probabilities) {}

  @SuppressWarnings("unchecked")
  public RootCauseModel(ModelPayload payload) {
    if (payload.kind() != ModelPayload.Kind.ROOT_CAUSE_CLASSIFIER) {
      throw new IllegalArgumentException("not a root-cause payload: " + payload.kind());
    }
    this.payload = payload;
    this.names = TribuoData.names(payload.features());
    try {
      Model<?> m = Model.deserialize(ModelProto.parseFrom(payload.tribuoModel()));
      if (!m.validate(Label.class)) {
        throw new IllegalArgumentException("payload holds a " + m.getClass().getSimpleName() + ", not a classifier");
      }
      this.model = (Model<Label>) m;
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("payload: unreadable Tribuo model (" + e.getMessage() + ")", e);
    }
  }

  public Verdict classify(double[] raw) {
    Prediction<Label> p = model.predict(TribuoData.example(LabelFactory.UNKNOWN_LABEL, names, payload.standardize(raw)));
    Map<String, Double> probs = new TreeMap<>();
    p.getOutputScores().forEach((name, label) -> probs.put(name, label.getScore()));
    return new Verdict(p.getOutput().getLabel(), p.getOutput().getScore(), probs);
  }
}
