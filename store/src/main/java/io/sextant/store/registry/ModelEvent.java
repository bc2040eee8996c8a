package io.sextant.store.registry;

import java.time.Instant;

/** One step of a model's registry history. */
public record ModelEvent(long seq, String modelId, long version, Type type, Instant at, String by, String detail) {
  public enum Type {
    REGISTERED,
    PROMOTED,
    PINNED,
    UNPINNED,
    ROLLED_BACK
  }
}
