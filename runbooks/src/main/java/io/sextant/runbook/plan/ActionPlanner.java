package io.sextant.runbook.plan;

import io.sextant.common.topology.Topology;
import io.sextant.runbook.model.Runbook;
import java.time.Instant;

/** Turns a runbook and its trigger into a concrete action against the current topology. */
@FunctionalInterface
public interface ActionPlanner {
  Plan plan(Runbook runbook, TriggerContext trigger, Topology topology, Instant now);
}
