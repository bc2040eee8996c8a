package io.sextant.central.model.train;

import io.sextant.store.registry.FeedbackLabel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Labels by resource, so that each training vector finds its label without scanning them all. */
final class LabelIndex {
  private final Map<String, List<FeedbackLabel>> byResource = new HashMap<>();

  LabelIndex(List<FeedbackLabel> labels) {
    for (FeedbackLabel l : labels) {
      byResource.computeIfAbsent(l.resource(), r -> new ArrayList<>()).add(l);
    }
  }

  /** The FAULT label covering the vector, else the NORMAL one, else empty (unlabelled). */
  Optional<FeedbackLabel> of(KpiVector v) {
    FeedbackLabel normal = null;
    for (FeedbackLabel l : byResource.getOrDefault(v.resource(), List.of())) {
      if (l.covers(v.resource(), v.time())) {
        if (l.kind() == FeedbackLabel.Kind.FAULT) {
          return Optional.of(l);
        }
        normal = l;
      }
    }
    return Optional.ofNullable(normal);
  }
}
