package io.sextant.common.action;

import io.sextant.common.action.ActionResult;
import io.sextant.common.action.Actuator;
import io.sextant.common.model.Action;
import io.sextant.common.topology.Topology;
import java.util.List;

/**
 * The actuator of a live process before an infrastructure adapter (an SDN controller, an
 * orchestrator) is wired in: it reports the topology it was given and refuses every change with
 * the reason, so a runbook that fires is audited as failed rather than silently "applied".
 */
public final class UnwiredActuator implements Actuator {
  private final Topology topology;

  public UnwiredActuator(Topology topology) {
    this.topology = topology == null ? empty() : topology;
  }

  public static Topology empty() {
    return new Topology(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
  }

  @Override
  public ActionResult apply(Action action) {
    return ActionResult.failed("no actuator is wired for live sites: " + action.kind() + " on " + action.target()
        + " needs an operator", false);
  }

  @Override
  public ActionResult rollback(Action action) {
    return ActionResult.failed("no actuator is wired for live sites", false);
  }

  @Override
  public Topology topology() {
    return topology;
  }
}
