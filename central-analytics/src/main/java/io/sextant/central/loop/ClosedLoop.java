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
import io.sextant.central.scaleback.ScaleBack;
import io.sextant.central.scaleback.ScaleBackPlanner;
import io.sextant.central.scaleback.ScaleBackSettings;
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
 * {@code RESTORE} action through the same executor (guard, audit, verification, rollback). A
 * service scaled out (by its edge or here) is scaled back the same way once its load has gone
 * ({@link ScaleBack}), fed the audit of every site by {@link #onActionEvent}.
 */
public final class ClosedLoop {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ClosedLoop.class);
  private final List<Runbook> runbooks;
  /** Every runbook, edge ones too: a scale-back takes its guard and verification from the edge's scale-out. */
  private final List<Runbook> allRunbooks;
  private final ActionExecutor executor;
  private final AutomationControl control;
  private final LinkProtection protection;
  private final ScaleBack scaleBack;

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
    this(clock, actuator, runbooks, state, audit, control, site, protection, outputs, ScaleBackSettings.defaults());
  }

  /** @param scaleBack when and how a scaled-out service is scaled back */
  public ClosedLoop(Clock clock, Actuator actuator, List<Runbook> runbooks, LiveState state,
      Consumer<ActionEvent> audit, AutomationControl control, String site, ProtectionSettings protection,
      LinkProtection.Outputs outputs, ScaleBackSettings scaleBack) {
    this.allRunbooks = List.copyOf(runbooks);
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
      // Its own scale-ins at once, whether or not the bus brings this site's events back (seeing one twice is harmless).
      if (e.action().kind() == ActionKind.SCALE_IN) {
        onActionEvent(e);
      }
    };
    Map<ActionKind, ActionPlanner> planners = new EnumMap<>(Planners.all(node -> !state.resourceFiring(node)));
    planners.put(ActionKind.RESTORE, new RestorePlanner(() -> self[0]));
    ScaleBack[] scaling = new ScaleBack[1];
    planners.put(ActionKind.SCALE_IN, new ScaleBackPlanner(() -> scaling[0], planners.get(ActionKind.SCALE_IN)));
    this.executor = new ActionExecutor(clock, restoring, new Guard(clock, control), state, planners, audited);
    this.protection = new LinkProtection(clock, site, protection, outputs, actuator::topology, this::runbook,
        executor::handle);
    self[0] = this.protection;
    restoring.protection(this.protection);
    this.scaleBack = new ScaleBack(clock, site, scaleBack,
        id -> allRunbooks.stream().filter(r -> r.id().equals(id)).findFirst(), executor::handle);
    scaling[0] = this.scaleBack;
  }

  private Optional<Runbook> runbook(String id) {
    return runbooks.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  /**
   * Samples from the edges: the protection probes among them tell a rerouted link's health, the
   * services' utilization whether a scale-out's load has gone.
   */
  public void onSamples(List<Sample> samples) {
    protection.onSamples(samples);
    scaleBack.onSamples(samples);
  }

  /**
   * An action event of any site or of this loop, as the bus carries it: scale-outs and scale-ins
   * move {@link ScaleBack} on. A failure here is logged and never reaches the bus's consumer.
   */
  public void onActionEvent(ActionEvent e) {
    try {
      scaleBack.onAction(e);
    } catch (RuntimeException ex) {
      log.error("scale-back failed on {} {}: {}", e.state(), e.action().id(), ex.toString(), ex);
    }
  }

  /** The scaled-out services waiting to be scaled back. */
  public ScaleBack scaleBack() {
    return scaleBack;
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
   * ({@link Proposal#resume}). The rerouted links are protected again ({@link LinkProtection#restore})
   * and the scaled-out services watched again (their events replayed into {@link ScaleBack}). Call
   * before the first trigger. Returns what was resumed.
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
    protection.restore(audit);
    audit.forEach(scaleBack::onAction);
    return resumed;
  }

  public void tick() {
    executor.tick();
    protection.tick();
    scaleBack.tick();
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
