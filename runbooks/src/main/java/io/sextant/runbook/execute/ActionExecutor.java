package io.sextant.runbook.execute;

import io.sextant.common.action.ActionResult;
import io.sextant.common.action.Actuator;
import io.sextant.common.model.Action;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionKind;
import io.sextant.common.model.ActionState;
import io.sextant.runbook.guard.Guard;
import io.sextant.runbook.guard.GuardDecision;
import io.sextant.runbook.model.Runbook;
import io.sextant.runbook.plan.ActionPlanner;
import io.sextant.runbook.plan.Plan;
import io.sextant.runbook.plan.TriggerContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries an action through its lifecycle: plan, guard, apply, verify, roll back. Every step is
 * an {@link ActionEvent} handed to {@code audit}, which persists or publishes it. Verification
 * is polled by {@link #tick()}, driven by the owner's clock, so simulated time works the same as
 * real time. While an action for a (runbook, target) is in flight, new triggers for the same
 * pair are ignored: the first action is still being judged. Thread-safe (synchronized).
 */
public final class ActionExecutor {
  private static final Logger log = LoggerFactory.getLogger(ActionExecutor.class);
  private final Clock clock;
  private final Actuator actuator;
  private final Guard guard;
  private final Verifier verifier;
  private final Map<ActionKind, ActionPlanner> planners;
  private final Consumer<ActionEvent> audit;
  private final Map<String, InFlight> inFlight = new LinkedHashMap<>();
  private final Map<String, InFlight> awaitingApproval = new LinkedHashMap<>();
  /** When each action held for approval was proposed, by the same key. */
  private final Map<String, Instant> requestedAt = new LinkedHashMap<>();
  /** How long an action held for approval waits before it is denied; an unanswered request is a no. */
  private volatile Duration approvalTimeout = DEFAULT_APPROVAL_TIMEOUT;

  /** An operator has this long to approve an action before it is denied. */
  public static final Duration DEFAULT_APPROVAL_TIMEOUT = Duration.ofMinutes(15);

  public ActionExecutor(Clock clock, Actuator actuator, Guard guard, Verifier verifier,
      Map<ActionKind, ActionPlanner> planners, Consumer<ActionEvent> audit) {
    this.clock = clock;
    this.actuator = actuator;
    this.guard = guard;
    this.verifier = verifier;
    this.planners = Map.copyOf(planners);
    this.audit = audit;
  }

  /** An applied action waiting for its verdict. */
  public record InFlight(Runbook runbook, Action action, List<String> verify, Instant appliedAt,
      Instant recoveredSince) {}

  /**
   * Runs the runbook for a trigger. Returns the action when one was proposed (whatever the guard
   * then said), empty when the trigger was ignored or nothing could be planned.
   */
  public synchronized Optional<Action> handle(Runbook runbook, TriggerContext trigger) {
    String key = runbook.id() + "|" + trigger.resource();
    if (inFlight.containsKey(key) || awaitingApproval.containsKey(key)) {
      return Optional.empty();
    }
    ActionPlanner planner = planners.get(runbook.action());
    if (planner == null) {
      throw new IllegalStateException("no planner for " + runbook.action() + " (runbook " + runbook.id() + ")");
    }
    Plan plan = planner.plan(runbook, trigger, actuator.topology(), clock.instant());
    if (plan instanceof Plan.Unplannable u) {
      // Nothing to propose; the trigger's alarm stays open for a person, who needs the reason.
      log.warn("runbook {} cannot act on {} (trigger {}): {}", runbook.id(), trigger.resource(), trigger.id(),
          u.reason());
      return Optional.empty();
    }
    Plan.Planned p = (Plan.Planned) plan;
    Action action = p.action();
    record(action, ActionState.PROPOSED, "runbook " + runbook.id() + " for " + trigger.resource() + " (trigger "
        + trigger.id() + "), blast radius " + p.blastRadius());
    GuardDecision decision = guard.check(runbook, action, p.blastRadius());
    switch (decision.verdict()) {
      case REFUSE -> record(action, ActionState.REJECTED, decision.reason());
      case AWAIT_APPROVAL -> {
        awaitingApproval.put(key, new InFlight(runbook, action, p.verify(), null, null));
        requestedAt.put(key, clock.instant());
      }
      case ALLOW -> {
        record(action, ActionState.APPROVED, decision.reason());
        apply(key, runbook, action, p.verify());
      }
    }
    return Optional.of(action);
  }

  /** A person approved an action that its runbook held for approval. */
  public synchronized boolean approve(String actionId, String by) {
    for (var e : awaitingApproval.entrySet()) {
      InFlight f = e.getValue();
      if (f.action().id().equals(actionId)) {
        awaitingApproval.remove(e.getKey());
        requestedAt.remove(e.getKey());
        guard.admitApproved(f.runbook());
        record(f.action(), ActionState.APPROVED, "approved by " + by);
        apply(e.getKey(), f.runbook(), f.action(), f.verify());
        return true;
      }
    }
    return false;
  }

  /** A person denied an action that its runbook held for approval; false when it waits for none. */
  public synchronized boolean deny(String actionId, String by, String reason) {
    for (var it = awaitingApproval.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      InFlight f = e.getValue();
      if (f.action().id().equals(actionId)) {
        it.remove();
        requestedAt.remove(e.getKey());
        record(f.action(), ActionState.REJECTED, "denied by " + by + (reason == null || reason.isBlank() ? ""
            : ": " + reason));
        return true;
      }
    }
    return false;
  }

  /** Sets how long an action held for approval waits before it is denied. */
  public void approvalTimeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("approval timeout must be positive, got " + timeout);
    }
    this.approvalTimeout = timeout;
  }

  /**
   * Judges applied actions (verified once recovered for stableFor, rolled back after within) and
   * denies the requests for approval nobody answered within the approval timeout.
   */
  public synchronized void tick() {
    Instant now = clock.instant();
    for (var it = awaitingApproval.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (!now.isBefore(requestedAt.get(e.getKey()).plus(approvalTimeout))) {
        it.remove();
        requestedAt.remove(e.getKey());
        record(e.getValue().action(), ActionState.REJECTED, "no approval within " + approvalTimeout + ": denied");
      }
    }
    for (var it = inFlight.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      InFlight f = e.getValue();
      if (verifier.recovered(f.verify(), f.appliedAt())) {
        Instant since = f.recoveredSince() == null ? now : f.recoveredSince();
        f = new InFlight(f.runbook(), f.action(), f.verify(), f.appliedAt(), since);
        e.setValue(f);
        if (!now.isBefore(since.plus(f.runbook().verify().stableFor()))) {
          record(f.action(), ActionState.VERIFIED, "recovered: " + String.join(", ", f.verify()));
          it.remove();
        }
        continue;
      }
      if (f.recoveredSince() != null) {
        e.setValue(new InFlight(f.runbook(), f.action(), f.verify(), f.appliedAt(), null));
      }
      if (now.isAfter(f.appliedAt().plus(f.runbook().verify().within()))) {
        it.remove();
        rollback(f);
      }
    }
  }

  public synchronized List<InFlight> inFlight() {
    return new ArrayList<>(inFlight.values());
  }

  public synchronized List<Action> awaitingApproval() {
    return awaitingApproval.values().stream().map(InFlight::action).toList();
  }

  /** When each action held for approval was proposed, by action id. */
  public synchronized Map<String, Instant> approvalRequestedAt() {
    Map<String, Instant> out = new LinkedHashMap<>();
    awaitingApproval.forEach((key, f) -> out.put(f.action().id(), requestedAt.get(key)));
    return out;
  }

  private void apply(String key, Runbook runbook, Action action, List<String> verify) {
    ActionResult result;
    try {
      result = actuator.apply(action);
    } catch (RuntimeException e) {
      result = ActionResult.failed("actuator error: " + e, true);
    }
    if (!result.ok()) {
      record(action, ActionState.FAILED, result.detail() + (result.retryable() ? " (retryable)" : ""));
      return;
    }
    record(action, ActionState.APPLIED, result.detail());
    inFlight.put(key, new InFlight(runbook, action, verify, clock.instant(), null));
  }

  private void rollback(InFlight f) {
    String why = "not recovered within " + f.runbook().verify().within() + ": " + String.join(", ", f.verify());
    if (!f.runbook().verify().rollback()) {
      record(f.action(), ActionState.UNVERIFIED, why + "; runbook does not roll back");
      return;
    }
    ActionResult result;
    try {
      result = actuator.rollback(f.action());
    } catch (RuntimeException e) {
      result = ActionResult.failed("actuator error: " + e, true);
    }
    if (result.ok()) {
      record(f.action(), ActionState.ROLLED_BACK, why + "; " + result.detail());
    } else {
      record(f.action(), ActionState.UNVERIFIED, why + "; rollback failed: " + result.detail());
    }
  }

  private void record(Action action, ActionState state, String detail) {
    audit.accept(new ActionEvent(null, action.site(), clock.instant(), action, state, detail));
  }
}
