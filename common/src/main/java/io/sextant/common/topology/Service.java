package io.sextant.common.topology;

import java.util.Objects;

/** A service deployed at a site: where its replicas run and whether it needs a GPU. */
public record Service(String id, String site, String node, int replicas, boolean needsGpu) {
  public Service {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(node, "node");
    if (replicas <= 0) {
      throw new IllegalArgumentException("service " + id + ": replicas must be > 0");
    }
  }

  public String resource() {
    return "service:" + id;
  }
}
