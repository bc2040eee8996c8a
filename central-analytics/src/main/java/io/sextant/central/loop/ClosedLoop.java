package io.sextant.central.loop;

import io.sextant.central.state.LiveState;
import io.sextant.common.action.Actuator;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionKind;
import io.sextant.common.model.Diagnosis;
import io.sextant.runbook.execute.ActionExecutor;
import io.sextant.runbook.guard.Guard;
import io.sextant.runbook.model.Runbook;
import io.sextant.runbook.plan.MigratePlanner;
import io.sextant.runbook.plan.ReroutePlanner;
import io.sextant.runbook.plan.ScaleOutPlanner;
import io.sextant.runbook.plan.TriggerContext;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Central closed loop: a located fault runs the central runbooks it triggers (diagnosis →
 * runbook → guard → action), and {@link #tick()} verifies applied actions against the live KPIs
 * reported by the edges, rolling back those that do not recover in time.
 */
public final class ClosedLoop {
  private final List<Runbook> runbooks;
  private final ActionExecutor executor;

  public ClosedLoop(Clock clock, Actuator actuator, List<Runbook> runbooks, LiveState state,
      Consumer<ActionEvent> audit) {
    this.runbooks = runbooks.stream().filter(r -> r.scope() == Runbook.Scope.CENTRAL).toList();
    this.executor = new ActionExecutor(clock, actuator, new Guard(clock), state::recovered,
        Map.of(ActionKind.SCALE_OUT, new ScaleOutPlanner(),
            ActionKind.REROUTE, new ReroutePlanner(),
            ActionKind.MIGRATE, new MigratePlanner(node -> !state.resourceFiring(node))),
        audit);
  }

  public void onDiagnosis(Diagnosis diagnosis) {
    for (Runbook r : runbooks) {
      if (r.trigger().matches(diagnosis)) {
        executor.handle(r, TriggerContext.of(diagnosis));
      }
    }
  }

  public void tick() {
    executor.tick();
  }

  public ActionExecutor executor() {
    return executor;
  }
}
