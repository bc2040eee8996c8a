package io.sextant.runbook.plan;

import io.sextant.common.model.Action;
import io.sextant.common.model.ActionKind;
import io.sextant.common.topology.Path;
import io.sextant.common.topology.Routes;
import io.sextant.common.topology.Topology;
import io.sextant.runbook.model.Runbook;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Moves every path crossing the faulty link onto its least-cost route avoiding the link. Refuses
 * when some path would have no route left: partial rerouting would hide the fault from probes.
 */
public final class ReroutePlanner implements ActionPlanner {
  @Override
  public Plan plan(Runbook runbook, TriggerContext trigger, Topology topology, Instant now) {
    String linkId = trigger.resourceId("link");
    if (topology.link(linkId).isEmpty()) {
      return new Plan.Unplannable("unknown link " + linkId);
    }
    List<Path> crossing = topology.pathsCrossing(linkId);
    if (crossing.isEmpty()) {
      return new Plan.Unplannable("no path crosses " + linkId + " any more");
    }
    for (Path p : crossing) {
      if (Routes.shortest(topology.links(), p.src(), p.dst(), Set.of(linkId)).isEmpty()) {
        return new Plan.Unplannable("path " + p.id() + " has no route avoiding " + linkId);
      }
    }
    List<String> verify = crossing.stream().map(Path::resource).toList();
    Action action = new Action(null, trigger.site(), now, ActionKind.REROUTE, trigger.resource(),
        Map.of("avoid", linkId, "paths", Integer.toString(crossing.size())), runbook.id(), trigger.id(), null);
    return new Plan.Planned(action, crossing.size(), verify);
  }
}
