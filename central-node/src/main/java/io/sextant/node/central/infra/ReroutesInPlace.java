package io.sextant.node.central.infra;

import io.sextant.common.model.Action;
import io.sextant.common.action.ActionResult;
import io.sextant.common.action.Actuator;
import io.sextant.common.model.ActionKind;
import io.sextant.common.topology.Path;
import io.sextant.common.topology.Routes;
import io.sextant.common.topology.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A live centre's topology follows the reroutes it applied: while a REROUTE off a link is in place
 * (applied, not rolled back or restored), every probe path that crossed it is taken on its
 * least-cost route avoiding all such links, as the routing does (the simulated cloud does the same
 * in its own changes). Without this, localization would go on reading a rerouted path's health
 * as the avoided link's, and a later fault on a link the moved paths used to share would not be
 * consistent enough to locate. A path with no route left keeps its file route.
 */
final class ReroutesInPlace implements Actuator {
  private final Actuator inner;
  private final Topology base;
  private final Set<String> avoided = ConcurrentHashMap.newKeySet();

  ReroutesInPlace(Actuator inner, Topology base) {
    this.inner = inner;
    this.base = base;
  }

  @Override
  public ActionResult apply(Action action) {
    ActionResult r = inner.apply(action);
    if (r.ok() && action.kind() == ActionKind.REROUTE && avoid(action) != null) {
      avoided.add(avoid(action));
    }
    return r;
  }

  @Override
  public ActionResult rollback(Action action) {
    ActionResult r = inner.rollback(action);
    if (r.ok() && action.kind() == ActionKind.REROUTE && avoid(action) != null) {
      avoided.remove(avoid(action));
    }
    return r;
  }

  @Override
  public Topology topology() {
    Set<String> now = Set.copyOf(avoided);
    if (now.isEmpty()) {
      return base;
    }
    List<Path> paths = new ArrayList<>();
    for (Path p : base.paths()) {
      if (p.links().stream().noneMatch(now::contains)) {
        paths.add(p);
      } else {
        paths.add(Routes.shortest(base.links(), p.src(), p.dst(), now).map(r -> new Path(p.src(), p.dst(), r))
            .orElse(p));
      }
    }
    return base.withPaths(paths);
  }

  private static String avoid(Action action) {
    return action.params() == null ? null : action.params().get("avoid");
  }
}
