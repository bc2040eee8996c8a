package io.sextant.central.scaleback;

import io.sextant.common.model.Action;
import io.sextant.common.model.ActionKind;
import io.sextant.common.topology.Service;
import io.sextant.common.topology.Topology;
import io.sextant.runbook.model.Runbook;
import io.sextant.runbook.plan.ActionPlanner;
import io.sextant.runbook.plan.Plan;
import io.sextant.runbook.plan.TriggerContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Plans the closed loop's scale-ins: a scale-back ({@link ScaleBack}'s runbooks) goes to the count
 * before the scale-out, exactly; every other scale-in runbook (an idle service's) is sized by the
 * {@code fallback} planner. The replicas removed are the blast radius; the service must stay
 * healthy after it.
 */
public final class ScaleBackPlanner implements ActionPlanner {
  private final Supplier<ScaleBack> scaleBack;
  private final ActionPlanner fallback;

  /** {@code scaleBack} is read at planning time: the planner is made before the scale-back it plans for. */
  public ScaleBackPlanner(Supplier<ScaleBack> scaleBack, ActionPlanner fallback) {
    this.scaleBack = scaleBack;
    this.fallback = fallback;
  }

  @Override
  public Plan plan(Runbook runbook, TriggerContext trigger, Topology topology, Instant now) {
    if (!runbook.id().startsWith(ScaleBack.RUNBOOK_PREFIX)) {
      return fallback.plan(runbook, trigger, topology, now);
    }
    Optional<ScaleBack.ScaledOut> watched = scaleBack.get().get(trigger.resource());
    if (watched.isEmpty() || !watched.get().scaleOut().id().equals(trigger.id())) {
      return new Plan.Unplannable(trigger.resource() + " is not scaled out by " + trigger.id() + " any more");
    }
    ScaleBack.ScaledOut s = watched.get();
    // The orchestrator's count when it reports one (a person may have scaled meanwhile), else the audit's.
    Optional<Service> service = topology.service(trigger.resourceId("service"));
    int current = service.map(Service::replicas).orElse(s.replicas());
    if (current <= s.original()) {
      return new Plan.Unplannable(trigger.resource() + " already runs " + current + " replicas, the count before "
          + s.scaleOut().id());
    }
    Action action = new Action(null, service.map(Service::site).orElse(s.scaleOut().site()), now, ActionKind.SCALE_IN,
        trigger.resource(), Map.of("replicas", Integer.toString(s.original()), "from", Integer.toString(current),
            "reverts", s.scaleOut().id()), runbook.id(), trigger.id(), trigger.resource());
    return new Plan.Planned(action, current - s.original(), List.of(trigger.resource()));
  }
}
