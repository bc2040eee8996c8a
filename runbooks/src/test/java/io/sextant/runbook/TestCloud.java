package io.sextant.runbook;

import io.sextant.common.action.ActionResult;
import io.sextant.common.action.Actuator;
import io.sextant.common.model.Action;
import io.sextant.common.topology.Link;
import io.sextant.common.topology.Node;
import io.sextant.common.topology.Path;
import io.sextant.common.topology.Service;
import io.sextant.common.topology.Site;
import io.sextant.common.topology.Topology;
import java.util.ArrayList;
import java.util.List;

/**
 * A small in-memory cloud for executor tests: it records what was applied and rolled back and
 * can be told to refuse. (The simulated cloud of the testkit is exercised end to end elsewhere.)
 */
final class TestCloud implements Actuator {
  final List<String> log = new ArrayList<>();
  boolean refuse;
  Topology topology = new Topology(
      List.of(new Site("central", Site.Kind.CENTRAL), new Site("edge-1", Site.Kind.EDGE)),
      List.of("r1", "r2"),
      List.of(new Node("edge-1/n1", "edge-1", 8, 0), new Node("edge-1/gpu1", "edge-1", 8, 4),
          new Node("edge-1/gpu2", "edge-1", 8, 4), new Node("central/gpu1", "central", 8, 4)),
      List.of(new Link("edge-1~r1", "edge-1", "r1", 1, 1), new Link("r1~central", "r1", "central", 1, 1),
          new Link("edge-1~r2", "edge-1", "r2", 1, 2), new Link("r2~central", "r2", "central", 1, 2)),
      List.of(new Path("edge-1", "central", List.of("edge-1~r1", "r1~central")),
          new Path("central", "edge-1", List.of("r1~central", "edge-1~r1"))),
      List.of(new Service("edge-1/web", "edge-1", "edge-1/n1", 2, false),
          new Service("edge-1/inference", "edge-1", "edge-1/gpu1", 1, true)));

  @Override
  public ActionResult apply(Action action) {
    if (refuse) {
      return ActionResult.failed("orchestrator unavailable", true);
    }
    log.add("apply " + action.kind() + " " + action.target() + " " + action.params());
    return ActionResult.ok("done");
  }

  @Override
  public ActionResult rollback(Action action) {
    log.add("rollback " + action.kind() + " " + action.target());
    return ActionResult.ok("undone");
  }

  @Override
  public Topology topology() {
    return topology;
  }
}
