package io.sextant.store.registry;

import java.time.Instant;

/** A model version sent to one site, in a rollout phase. */
public record Release(String modelId, long version, String site, Phase phase, Instant at) {
  public enum Phase {
    CANARY,
    FULL
  }
}
