package io.sextant.runbook.plan;

import io.sextant.common.model.Action;
import io.sextant.common.model.ActionKind;
import io.sextant.common.topology.Path;
import io.sextant.common.topology.Topology;
import io.sextant.runbook.model.Runbook;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Elastic bandwidth: raises a link's rate for a burst, from {@code baseMbps} (default 100) to
 * {@code burstMbps} (default 10000); the rollback, or the runbook's {@code revertAfter} once the
 * burst is served, lowers it again. The link's own KPIs and those of the probe paths crossing it
 * (when the topology knows them) must recover.
 */
public final class BandwidthPlanner implements ActionPlanner {
  @Override
  public Plan plan(Runbook runbook, TriggerContext trigger, Topology topology, Instant now) {
    String linkId = trigger.resourceId("link");
    long base = Long.parseLong(runbook.option("baseMbps", "100"));
    long burst = Long.parseLong(runbook.option("burstMbps", "10000"));
    if (burst <= base) {
      return new Plan.Unplannable("burstMbps " + burst + " is not above baseMbps " + base);
    }
    List<String> verify = new ArrayList<>(List.of(trigger.resource()));
    topology.pathsCrossing(linkId).stream().map(Path::resource).forEach(verify::add);
    Action action = new Action(null, trigger.site(), now, ActionKind.BANDWIDTH, trigger.resource(),
        Map.of("mbps", Long.toString(burst), "from", Long.toString(base)), runbook.id(), trigger.id(),
        trigger.resource());
    return new Plan.Planned(action, 1, verify);
  }
}
