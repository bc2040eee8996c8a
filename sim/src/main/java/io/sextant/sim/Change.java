package io.sextant.sim;

import io.sextant.common.topology.Path;
import io.sextant.common.topology.Service;
import io.sextant.common.topology.Topology;
import java.util.List;

/**
 * An accepted action: the topology after it, and the paths and services it replaced, which is
 * all a rollback needs to restore (every action kind only rewrites paths or services).
 */
record Change(Topology after, List<Path> replacedPaths, List<Service> replacedServices, String detail) {
  Change {
    replacedPaths = List.copyOf(replacedPaths);
    replacedServices = List.copyOf(replacedServices);
  }

  /** Puts back the replaced paths and services by id; everything else stays as it is now. */
  Topology undo(Topology now) {
    Topology t = now;
    for (Path p : replacedPaths) {
      t = t.withPath(p);
    }
    for (Service s : replacedServices) {
      t = t.withService(s);
    }
    return t;
  }
}
