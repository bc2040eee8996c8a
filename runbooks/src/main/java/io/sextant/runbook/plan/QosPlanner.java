package io.sextant.runbook.plan;

import io.sextant.common.model.Action;
import io.sextant.common.model.ActionKind;
import io.sextant.common.topology.Topology;
import io.sextant.runbook.model.Runbook;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Moves the trigger's resource (a path, a link, a service) to the QoS class the runbook names
 * ({@code class}), from {@code from} (default {@code best-effort}), which the rollback restores.
 * The infrastructure knows its classes; Sextant only names them.
 */
public final class QosPlanner implements ActionPlanner {
  @Override
  public Plan plan(Runbook runbook, TriggerContext trigger, Topology topology, Instant now) {
    String cls = runbook.option("class", null);
    if (cls == null) {
      return new Plan.Unplannable("runbook " + runbook.id() + " names no QoS class (action.options.class)");
    }
    Action action = new Action(null, trigger.site(), now, ActionKind.QOS_CHANGE, trigger.resource(),
        Map.of("class", cls, "from", runbook.option("from", "best-effort")), runbook.id(), trigger.id(),
        trigger.resource());
    return new Plan.Planned(action, 1, List.of(trigger.resource()));
  }
}
