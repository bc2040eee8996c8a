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
 *
 * <p>A BGP session ({@code bgp-session:<site>/<router>/<neighbor>}, the BGP source's resource, e.g.
 * one flapping a prefix) is moved off as a whole, by policy on that one session: no topology is
 * needed, the routing adapter finds the session by its neighbor, checks on FRR that the best paths
 * left it, and the session itself is what is verified. A {@code bgp-prefix:} resource names no
 * session and is refused: the session's own detection is the one to act on.
 */
public final class ReroutePlanner implements ActionPlanner {
  static final String SESSION = "bgp-session:";

  @Override
  public Plan plan(Runbook runbook, TriggerContext trigger, Topology topology, Instant now) {
    if (trigger.resource().startsWith(SESSION)) {
      String neighbor = trigger.resource().substring(trigger.resource().lastIndexOf('/') + 1);
      Action action = new Action(null, trigger.site(), now, ActionKind.REROUTE, trigger.resource(),
          Map.of("session", neighbor), runbook.id(), trigger.id(), null);
      return new Plan.Planned(action, 1, List.of(trigger.resource()));
    }
    if (trigger.resource().startsWith("bgp-prefix:")) {
      return new Plan.Unplannable("a prefix names no session to move off: " + trigger.resource());
    }
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
