package io.sextant.common.action;

import io.sextant.common.model.Action;
import io.sextant.common.topology.Topology;

/**
 * Changes the cloud: the boundary between Sextant's decisions and the infrastructure's APIs (an
 * SDN controller, an orchestrator). The simulated cloud implements it for the demo and tests.
 */
public interface Actuator {
  ActionResult apply(Action action);

  /** Undoes {@code action}; called only for an action that {@link #apply} accepted. */
  ActionResult rollback(Action action);

  /** The current topology as the infrastructure reports it (placement, routes). */
  Topology topology();
}
