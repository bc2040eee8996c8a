package io.sextant.common.topology;

import java.util.Objects;

/** A compute node in a site; {@code gpus > 0} makes it a GPU node. */
public record Node(String id, String site, int cpus, int gpus) {
  public Node {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(site, "site");
    if (cpus <= 0 || gpus < 0) {
      throw new IllegalArgumentException("node " + id + ": cpus must be > 0 and gpus >= 0");
    }
  }

  public boolean hasGpu() {
    return gpus > 0;
  }

  public String resource() {
    return "node:" + id;
  }
}
