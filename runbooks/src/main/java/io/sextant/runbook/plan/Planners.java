package io.sextant.runbook.plan;

import io.sextant.common.model.ActionKind;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Predicate;

/** The built-in planner of every action kind, in one place. */
public final class Planners {
  private Planners() {}

  /** @param healthyNode whether a node resource may receive work (for migrations) */
  public static Map<ActionKind, ActionPlanner> all(Predicate<String> healthyNode) {
    Map<ActionKind, ActionPlanner> m = new EnumMap<>(ActionKind.class);
    m.put(ActionKind.SCALE_OUT, new ScaleOutPlanner());
    m.put(ActionKind.SCALE_IN, new ScaleInPlanner());
    m.put(ActionKind.REROUTE, new ReroutePlanner());
    m.put(ActionKind.MIGRATE, new MigratePlanner(healthyNode));
    m.put(ActionKind.QOS_CHANGE, new QosPlanner());
    m.put(ActionKind.BANDWIDTH, new BandwidthPlanner());
    m.put(ActionKind.RESTART, new RestartPlanner());
    return m;
  }
}
