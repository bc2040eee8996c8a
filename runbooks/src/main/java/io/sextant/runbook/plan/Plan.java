package io.sextant.runbook.plan;

import io.sextant.common.model.Action;
import java.util.List;

/** A planner's answer: an action sized for the topology, or the reason none fits. */
public sealed interface Plan {

  /** {@code blastRadius} counts the resources the action touches; {@code verify} lists whose KPIs must recover. */
  record Planned(Action action, int blastRadius, List<String> verify) implements Plan {
    public Planned {
      verify = List.copyOf(verify);
    }
  }

  record Unplannable(String reason) implements Plan {}
}
