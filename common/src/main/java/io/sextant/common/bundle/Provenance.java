package io.sextant.common.bundle;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a model comes from: its training window, trainer and settings, seed and evaluation metrics.
 * Maps are kept sorted so the signed bytes do not depend on insertion order.
 */
public record Provenance(Instant trainedFrom, Instant trainedTo, String trainer, Map<String, String> settings,
    long seed, Map<String, Double> metrics) {
  public Provenance {
    if (trainedFrom == null || trainedTo == null || trainedTo.isBefore(trainedFrom)) {
      throw new IllegalArgumentException("provenance: training window must be set and not end before it starts");
    }
    if (trainer == null || trainer.isBlank()) {
      throw new IllegalArgumentException("provenance: trainer must not be blank");
    }
    settings = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(settings));
    metrics = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(metrics));
  }
}
