package io.sextant.store.registry;

import io.sextant.common.bundle.ModelBundle;
import java.time.Instant;
import java.util.Objects;

/** One registered model version: the unsigned bundle (with its provenance) and when it was registered. */
public record ModelRecord(ModelBundle bundle, Instant createdAt) {
  public ModelRecord {
    Objects.requireNonNull(bundle, "bundle");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  public String modelId() {
    return bundle.modelId();
  }

  public long version() {
    return bundle.version();
  }
}
