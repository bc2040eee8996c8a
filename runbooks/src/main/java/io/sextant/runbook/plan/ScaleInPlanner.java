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
 * Scales in a service whose load has gone, sized as a horizontal autoscaler does:
 * {@code ceil(replicas × observed / baseline × headroom)}, at least {@code minReplicas}, and only
 * when that is fewer replicas than now. The trigger is a detection of the utilization falling
 * well below its learned baseline.
 */
public final class ScaleInPlanner implements ActionPlanner {
  @Override
  public Plan plan(Runbook runbook, TriggerContext trigger, Topology topology, Instant now) {
    String serviceId = trigger.resourceId("service");
    Optional<Service> service = topology.service(serviceId);
    if (service.isEmpty()) {
      return new Plan.Unplannable("unknown service " + serviceId);
    }
    if (!(trigger.observed() >= 0) || !(trigger.expected() > 0)) {
      return new Plan.Unplannable("no usable observed/baseline utilization (" + trigger.observed() + "/"
          + trigger.expected() + ")");
    }
    double headroom = Double.parseDouble(runbook.option("headroom", "1.2"));
    int min = Integer.parseInt(runbook.option("minReplicas", "1"));
    int current = service.get().replicas();
    int wanted = (int) Math.ceil(current * trigger.observed() / trigger.expected() * headroom);
    int desired = Math.max(min, wanted);
    if (desired >= current) {
      return new Plan.Unplannable("the load still needs " + current + " replicas (min " + min + ")");
    }
    Action action = new Action(null, service.get().site(), now, ActionKind.SCALE_IN, trigger.resource(),
        Map.of("replicas", Integer.toString(desired), "from", Integer.toString(current)), runbook.id(), trigger.id(),
        trigger.resource());
    return new Plan.Planned(action, current - desired, List.of(trigger.resource()));
  }
}
