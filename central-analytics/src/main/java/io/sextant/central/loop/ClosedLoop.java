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
import io.sextant.central.protect.LinkProtection;
import io.sextant.central.protect.ProtectionSettings;
import io.sextant.central.protect.RestoreActuator;
import io.sextant.central.protect.RestorePlanner;
import io.sextant.common.model.ActionKind;
import io.sextant.common.model.FaultKind;
import io.sextant.common.model.Sample;
import io.sextant.runbook.plan.ActionPlanner;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Central closed loop: a located fault or a raised alarm runs the central runbooks it triggers
 * (runbook → guard, under the centre's safety switches → action), and {@link #tick()} verifies
 * applied actions against the live KPIs reported by the edges, rolling back those that do not
 * recover in time. A reroute's link is then protected ({@link LinkProtection}): probed across,
 * its alarm cleared once healthy, its routing restored after the wait-to-restore time by a
 * {@code RESTORE} action through the same executor (guard, audit, verification, rollback).
 */
public final class ClosedLoop {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ClosedLoop.class);
  private final List<Runbook> runbooks;
  private final ActionExecutor executor;
  private final AutomationControl control;
  private final LinkProtection protection;

  public ClosedLoop(Clock clock, Actuator actuator, List<Runbook> runbooks, LiveState state,
      Consumer<ActionEvent> audit) {
    this(clock, actuator, runbooks, state, audit, AutomationControl.open(clock));
  }

  /** A loop whose link protection sends nothing (no probes, no alarm clears): tests of the loop alone. */
  public ClosedLoop(Clock clock, Actuator actuator, List<Runbook> runbooks, LiveState state,
      Consumer<ActionEvent> audit, AutomationControl control) {
    this(clock, actuator, runbooks, state, audit, control, "central", ProtectionSettings.defaults(),
        LinkProtection.Outputs.NONE);
  }

  /**
   * @param site the centre's site (on the diagnoses link protection raises)
   * @param protection the link protection's timers; {@code outputs} where its probe commands, alarm
   *     clears and diagnoses go
   */
  public ClosedLoop(Clock clock, Actuator actuator, List<Runbook> runbooks, LiveState state,
      Consumer<ActionEvent> audit, AutomationControl control, String site, ProtectionSettings protection,
      LinkProtection.Outputs outputs) {
    this.runbooks = runbooks.stream().filter(r -> r.scope() == Runbook.Scope.CENTRAL).toList();
    this.control = control;
    RestoreActuator restoring = new RestoreActuator(actuator, clock);
    // The executor, its restore planner and the protection need each other; the protection exists
    // before the first trigger can reach them.
    LinkProtection[] self = new LinkProtection[1];
    // The protection follows the audit: it sees each step after the audit has it, on the same thread.
    Consumer<ActionEvent> audited = e -> {
      audit.accept(e);
      try {
        self[0].onAction(e);
      } catch (RuntimeException ex) { // protection must never stop an action's lifecycle
        log.error("link protection failed on {} {}: {}", e.state(), e.action().id(), ex.toString(), ex);
      }
    };
    Map<ActionKind, ActionPlanner> planners = new EnumMap<>(Planners.all(node -> !state.resourceFiring(node)));
    planners.put(ActionKind.RESTORE, new RestorePlanner(() -> self[0]));
    this.executor = new ActionExecutor(clock, restoring, new Guard(clock, control), state, planners, audited);
    this.protection = new LinkProtection(clock, site, protection, outputs, actuator::topology, this::runbook,
        executor::handle);
    self[0] = this.protection;
    restoring.protection(this.protection);
  }

  private Optional<Runbook> runbook(String id) {
    return runbooks.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  /** Samples from the edges: the protection probes among them tell a rerouted link's health. */
  public void onSamples(List<Sample> samples) {
    protection.onSamples(samples);
  }

  /** The rerouted links being protected. */
  public LinkProtection protection() {
    return protection;
  }

  public void onDiagnosis(Diagnosis diagnosis) {
    if (diagnosis.kind() == FaultKind.LINK_LOSS && diagnosis.target().startsWith("link:")
        && protection.get(diagnosis.target().substring("link:".length())).isPresent()) {
      // Traffic already avoids the link (a live topology file still routes over it): its protection
      // follows it, and a second reroute would leave the restore undoing only the second.
      return;
    }
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
    protection.tick();
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
