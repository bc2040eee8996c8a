package io.sextant.central.protect;

import io.sextant.common.model.Action;
import io.sextant.common.model.ActionKind;
import io.sextant.common.topology.Topology;
import io.sextant.runbook.model.Runbook;
import io.sextant.runbook.plan.ActionPlanner;
import io.sextant.runbook.plan.Plan;
import io.sextant.runbook.plan.TriggerContext;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Plans the restore of a protected link: undo its reroute; every path the reroute moved is the
 * blast radius and must recover on its probes after the restore.
 */
public final class RestorePlanner implements ActionPlanner {
  private final Supplier<LinkProtection> protection;

  /** {@code protection} is read at planning time: the planner is made before the protection it plans for. */
  public RestorePlanner(Supplier<LinkProtection> protection) {
    this.protection = protection;
  }

  @Override
  public Plan plan(Runbook runbook, TriggerContext trigger, Topology topology, Instant now) {
    String link = trigger.resourceId("link");
    var p = protection.get().get(link);
    if (p.isEmpty()) {
      return new Plan.Unplannable("link " + link + " is not protected: no reroute to undo");
    }
    Action reroute = p.get().reroute();
    Action action = new Action(null, trigger.site(), now, ActionKind.RESTORE, "link:" + link,
        Map.of("restores", reroute.id(), "link", link, "paths", Integer.toString(p.get().paths().size())),
        runbook.id(), trigger.id(), null);
    return new Plan.Planned(action, p.get().paths().size(), p.get().paths());
  }
}
