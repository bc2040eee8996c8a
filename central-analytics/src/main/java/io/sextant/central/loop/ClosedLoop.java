package io.sextant.central.loop;

import io.sextant.central.state.LiveState;
import io.sextant.common.action.Actuator;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.ActionState;
import io.sextant.runbook.execute.ActionExecutor;
import io.sextant.runbook.execute.Proposal;
import io.sextant.runbook.guard.Guard;
import io.sextant.runbook.model.Runbook;
import io.sextant.runbook.plan.Planners;
import io.sextant.runbook.plan.TriggerContext;
import io.sextant.runbook.safety.AutomationControl;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Central closed loop: a located fault or a raised alarm runs the central runbooks it triggers
 * (runbook → guard, under the centre's safety switches → action), and {@link #tick()} verifies
 * applied actions against the live KPIs reported by the edges, rolling back those that do not
 * recover in time.
 */
public final class ClosedLoop {
  private final List<Runbook> runbooks;
  private final ActionExecutor executor;
  private final AutomationControl control;

  public ClosedLoop(Clock clock, Actuator actuator, List<Runbook> runbooks, LiveState state,
      Consumer<ActionEvent> audit) {
    this(clock, actuator, runbooks, state, audit, AutomationControl.open(clock));
  }

  public ClosedLoop(Clock clock, Actuator actuator, List<Runbook> runbooks, LiveState state,
      Consumer<ActionEvent> audit, AutomationControl control) {
    this.runbooks = runbooks.stream().filter(r -> r.scope() == Runbook.Scope.CENTRAL).toList();
    this.control = control;
    this.executor = new ActionExecutor(clock, actuator, new Guard(clock, control), state,
        Planners.all(node -> !state.resourceFiring(node)), audit);
  }

  public void onDiagnosis(Diagnosis diagnosis) {
    for (Runbook r : runbooks) {
      if (r.trigger().matches(diagnosis)) {
        executor.handle(r, TriggerContext.of(diagnosis));
      }
    }
  }

  public void onAlarm(Alarm alarm) {
    for (Runbook r : runbooks) {
      if (r.trigger().matches(alarm)) {
        executor.handle(r, TriggerContext.of(alarm));
      }
    }
  }

  /**
   * Restart: carries on from the audit log of a previous process (every event of each action
   * recently active, in recording order; edge actions and other runbooks' are passed over).
   * Admitted actions count again against their runbook's rate window and the site's budget;
   * pending approvals, actions under verification and verified temporary ones resume
   * ({@link Proposal#resume}). Call before the first trigger. Returns what was resumed.
   */
  public List<Proposal.Resumed> restore(List<ActionEvent> audit) {
    Map<String, Runbook> byId = new LinkedHashMap<>();
    runbooks.forEach(r -> byId.put(r.id(), r));
    Map<String, List<ActionEvent>> byAction = new LinkedHashMap<>();
    for (ActionEvent e : audit) {
      Runbook r = byId.get(e.action().runbook());
      if (r == null) {
        continue;
      }
      byAction.computeIfAbsent(e.action().id(), k -> new ArrayList<>()).add(e);
      if (e.state() == ActionState.APPROVED) {
        executor.guard().readmit(r.id(), e.action().site(), e.time());
      }
    }
    List<Proposal.Resumed> resumed = new ArrayList<>();
    byAction.values().forEach(events -> {
      Runbook r = byId.get(events.get(0).action().runbook());
      Proposal.resume(r, events).ifPresent(p -> {
        executor.resume(r, p);
        resumed.add(p);
      });
    });
    return resumed;
  }

  public void tick() {
    executor.tick();
  }

  /** The actions in flight, awaiting approval, and {@link ActionExecutor#approve}. */
  public ActionExecutor executor() {
    return executor;
  }

  /** The centre's safety switches. */
  public AutomationControl control() {
    return control;
  }
}
