package io.sextant.common.topology;

import java.util.List;
import java.util.Objects;

/**
 * A service deployed at a site: where its replicas run, whether it needs a GPU, and the services
 * it calls ({@code dependsOn}, by id): a slow or failing dependency shows in its callers, which is
 * what root-cause analysis follows back.
 */
public record Service(String id, String site, String node, int replicas, boolean needsGpu, List<String> dependsOn) {
  public Service {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(node, "node");
    if (replicas <= 0) {
      throw new IllegalArgumentException("service " + id + ": replicas must be > 0");
    }
    dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    if (dependsOn.contains(id)) {
      throw new IllegalArgumentException("service " + id + ": depends on itself");
    }
  }

  /** A service that calls no other. */
  public Service(String id, String site, String node, int replicas, boolean needsGpu) {
    this(id, site, node, replicas, needsGpu, List.of());
  }

  public String resource() {
    return "service:" + id;
  }

  /** The same service on another node and site, with another replica count; its dependencies stay. */
  public Service placed(String newSite, String newNode, int newReplicas) {
    return new Service(id, newSite, newNode, newReplicas, needsGpu, dependsOn);
  }
}
