package io.sextant.deploy.lab;

import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionState;
import io.sextant.sim.CloudSpec;
import io.sextant.sim.GroundTruth;
import io.sextant.sim.SimulatedCloud;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The ground truth of a run whose cloud lived in other processes: a fresh copy goes through the
 * audit log's applied and rolled-back actions in order, seeing time reach each fault's start on
 * the way, so each fault's affected set comes from the topology the cloud had when it was injected
 * (what the all-in-one's single cloud records as it runs).
 */
public final class ReplayedTruth {
  private ReplayedTruth() {}

  public static GroundTruth of(SimulatedCloud fresh, List<ActionEvent> audit, Instant end) {
    for (ActionEvent e : audit) {
      if (e.state() == ActionState.APPLIED) {
        fresh.apply(e.action()); // notes the faults started by the action's time before changing anything
      } else if (e.state() == ActionState.ROLLED_BACK) {
        see(fresh, e.time());
        fresh.rollback(e.action());
      }
    }
    see(fresh, end);
    return fresh.groundTruth();
  }

  /** Lets the cloud see time {@code t} (the last window at or before it), noting faults started by then. */
  private static void see(SimulatedCloud cloud, Instant t) {
    CloudSpec spec = cloud.spec();
    if (t.isBefore(spec.start())) {
      return;
    }
    long ticks = Duration.between(spec.start(), t).dividedBy(spec.step());
    cloud.collect(CloudSpec.CENTRAL, spec.timeOf(ticks));
  }
}
