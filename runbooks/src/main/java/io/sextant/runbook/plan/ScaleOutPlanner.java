package io.sextant.runbook.plan;

import io.sextant.common.model.Action;
import io.sextant.common.model.ActionKind;
import io.sextant.common.topology.Service;
import io.sextant.common.topology.Topology;
import io.sextant.runbook.model.Runbook;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sizes a scale-out as a horizontal autoscaler does: {@code ceil(replicas × observed / baseline ×
 * headroom)}, at least one more replica, at most {@code maxReplicas}. The baseline is the
 * detector's learned level, so the service returns to its normal utilization. The action carries
 * that level ({@code baseline}): the centre scales back once the load fits the old count again.
 */
public final class ScaleOutPlanner implements ActionPlanner {
  @Override
  public Plan plan(Runbook runbook, TriggerContext trigger, Topology topology, Instant now) {
    String serviceId = trigger.resourceId("service");
    Optional<Service> service = topology.service(serviceId);
    if (service.isEmpty()) {
      return new Plan.Unplannable("unknown service " + serviceId);
    }
    if (!(trigger.observed() > 0) || !(trigger.expected() > 0)) {
      return new Plan.Unplannable("no usable observed/baseline utilization (" + trigger.observed() + "/"
          + trigger.expected() + ")");
    }
    double headroom = Double.parseDouble(runbook.option("headroom", "1.2"));
    int max = Integer.parseInt(runbook.option("maxReplicas", "16"));
    int current = service.get().replicas();
    int wanted = (int) Math.ceil(current * trigger.observed() / trigger.expected() * headroom);
    int desired = Math.min(max, Math.max(current + 1, wanted));
    if (desired <= current) {
      return new Plan.Unplannable("already at maxReplicas " + max);
    }
    Action action = new Action(null, service.get().site(), now, ActionKind.SCALE_OUT, trigger.resource(),
        Map.of("replicas", Integer.toString(desired), "from", Integer.toString(current), "baseline",
            Double.toString(Math.round(trigger.expected() * 1e4) / 1e4)), runbook.id(), trigger.id(),
        trigger.resource());
    return new Plan.Planned(action, desired - current, List.of(trigger.resource()));
  }
}
