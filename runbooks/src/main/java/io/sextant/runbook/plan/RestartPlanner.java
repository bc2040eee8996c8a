package io.sextant.runbook.plan;

import io.sextant.common.model.Action;
import io.sextant.common.model.ActionKind;
import io.sextant.common.topology.Topology;
import io.sextant.runbook.model.Runbook;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Restarts what runs the trigger's resource. Needs no topology (a live edge has none): the
 * action's parameters are the runbook's options (e.g. {@code unit: gw.service}) and the
 * resource's own id ({@code resource}), for a command or hook step to use.
 */
public final class RestartPlanner implements ActionPlanner {
  @Override
  public Plan plan(Runbook runbook, TriggerContext trigger, Topology topology, Instant now) {
    Map<String, String> params = new LinkedHashMap<>(runbook.options());
    String r = trigger.resource();
    params.put("resource", r.substring(r.indexOf(':') + 1));
    Action action = new Action(null, trigger.site(), now, ActionKind.RESTART, r, params, runbook.id(), trigger.id(),
        r);
    return new Plan.Planned(action, 1, List.of(r));
  }
}
