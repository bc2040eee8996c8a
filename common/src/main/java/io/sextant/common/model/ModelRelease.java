package io.sextant.common.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A signed model bundle released by the centre to one site ({@code site} is the target). The
 * edge verifies {@code signature} (Ed25519 by key {@code keyId}) over {@code bundle} before it
 * loads anything; keyed by site and model id on a compacted topic, so a reconnecting edge gets
 * the latest release of each model.
 */
public record ModelRelease(
    String id, String site, Instant time, String modelId, long version, String keyId, byte[] bundle, byte[] signature)
    implements Message {

  public ModelRelease {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(bundle, "bundle");
    Objects.requireNonNull(signature, "signature");
    if (id == null) {
      id = Ids.of("rel", site, modelId, Long.toString(version));
    }
  }
}
