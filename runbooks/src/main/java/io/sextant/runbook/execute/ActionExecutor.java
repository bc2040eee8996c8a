package io.sextant.runbook.execute;

import io.sextant.common.action.ActionResult;
import io.sextant.common.action.Actuator;
import io.sextant.common.action.Step;
import io.sextant.common.model.Action;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionKind;
import io.sextant.common.model.ActionState;
import io.sextant.runbook.guard.Guard;
import io.sextant.runbook.guard.GuardDecision;
import io.sextant.runbook.model.Runbook;
import io.sextant.runbook.model.VerifyPolicy;
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
 * Carries an action through its lifecycle: plan, guard, apply (or, in dry-run mode, only audit),
 * verify, roll back; a verified temporary action is reverted after its runbook's
 * {@code revertAfter}. Every step is an {@link ActionEvent} handed to {@code audit}, which persists
 * or publishes it. Verification is polled by {@link #tick()}, driven by the owner's clock, so
 * simulated time works the same as real time. While an action for a (runbook, target) is in
 * flight, new triggers for the same pair are ignored: the first action is still being judged. A
 * runbook's steps are written into its action ({@link Step#PARAM}) so the actuator and the audit
 * see them. Thread-safe (synchronized).
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
  /** Verified temporary actions, by key, with the time they were verified. */
  private final Map<String, InFlight> temporary = new LinkedHashMap<>();
  /** When each action held for approval was proposed, by the same key. */
  private final Map<String, Instant> requestedAt = new LinkedHashMap<>();
  /** How long an action held for approval waits before it is denied; an unanswered request is a no. */
  private volatile Duration approvalTimeout = DEFAULT_APPROVAL_TIMEOUT;

  /**
   * How many times its {@code within} an action waits on the clock for its sites' samples to reach
   * the deadline before it is judged without them: a lab at 60x simulated time has shown the
   * centre's samples minutes of simulated time behind after a busy stretch.
   */
  public static final int LATE_EVIDENCE_WAITS = 10;

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

  /** An applied action waiting for its verdict (or, once verified, for its revert: {@code recoveredSince}). */
  public record InFlight(Runbook runbook, Action action, List<String> verify, Instant appliedAt,
      Instant recoveredSince) {}

  /**
   * Runs the runbook for a trigger. Returns the action when one was proposed (whatever the guard
   * then said), empty when the trigger was ignored or nothing could be planned.
   */
  public synchronized Optional<Action> handle(Runbook runbook, TriggerContext trigger) {
    String key = runbook.id() + "|" + trigger.resource();
    if (inFlight.containsKey(key) || awaitingApproval.containsKey(key) || temporary.containsKey(key)) {
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
    Action action = withSteps(p.action(), runbook.steps());
    ActionEvent proposed = record(action, ActionState.PROPOSED, "runbook " + runbook.id() + " for " + trigger.resource() + " (trigger "
        + trigger.id() + "), blast radius " + p.blastRadius()
        + (runbook.steps().isEmpty() ? "" : ", steps " + Step.encode(runbook.steps()))
        + Proposal.verifySuffix(p.verify()));
    GuardDecision decision = guard.check(runbook, action, p.blastRadius());
    switch (decision.verdict()) {
      case REFUSE -> record(action, ActionState.REJECTED, decision.reason());
      case AWAIT_APPROVAL -> {
        awaitingApproval.put(key, new InFlight(runbook, action, p.verify(), null, null));
        // The proposal's own time: the one a restart reads back from the audit log.
        requestedAt.put(key, proposed.time());
      }
      case ALLOW -> {
        record(action, ActionState.APPROVED, decision.reason());
        apply(key, runbook, action, p.verify());
      }
    }
    return Optional.of(action);
  }

  private static Action withSteps(Action a, List<Step> steps) {
    if (steps.isEmpty()) {
      return a;
    }
    Map<String, String> params = new LinkedHashMap<>(a.params());
    params.put(Step.PARAM, Step.encode(steps));
    return new Action(a.id(), a.site(), a.time(), a.kind(), a.target(), params, a.runbook(), a.trigger(),
        a.verifyResource());
  }

  /**
   * Restart: takes back an action a previous process proposed, from its audit events ({@link
   * Proposal#resume}). A proposal still unanswered waits for approval from its first request (the
   * approval timeout runs on); an applied one is verified again from its apply time (the {@code
   * within} deadline holds, the {@code stableFor} wait starts afresh: recovery seen by the dead
   * process is not taken on trust); a verified temporary one is reverted {@code revertAfter} after
   * its verification. Call before the first trigger.
   */
  public synchronized void resume(Runbook runbook, Proposal.Resumed r) {
    String key = runbook.id() + "|" + r.triggerResource();
    InFlight f = new InFlight(runbook, r.action(), r.verify(), r.appliedAt(), r.verifiedAt());
    switch (r.stage()) {
      case AWAITING_APPROVAL -> {
        awaitingApproval.put(key, f);
        requestedAt.put(key, r.proposedAt());
      }
      case VERIFYING -> inFlight.put(key, f);
      // A revertive action waits its whole wait-to-restore again: quiet before the stop is not taken on trust.
      case TEMPORARY -> temporary.put(key, runbook.verify().waitToRestore() == null ? f
          : new InFlight(runbook, r.action(), r.verify(), r.appliedAt(), clock.instant()));
    }
  }

  /** The guard, for a restart to re-admit what a previous process admitted ({@link Guard#readmit}). */
  public Guard guard() {
    return guard;
  }

  /** A person approved an action that its runbook held for approval; the switches are checked again. */
  public synchronized boolean approve(String actionId, String by) {
    for (var e : awaitingApproval.entrySet()) {
      InFlight f = e.getValue();
      if (f.action().id().equals(actionId)) {
        awaitingApproval.remove(e.getKey());
        requestedAt.remove(e.getKey());
        GuardDecision d = guard.admitApproved(f.runbook(), f.action(), by);
        if (d.verdict() != GuardDecision.Verdict.ALLOW) {
          record(f.action(), ActionState.REJECTED, d.reason());
          return true;
        }
        record(f.action(), ActionState.APPROVED, d.reason());
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
   * Judges applied actions (verified once recovered for stableFor, rolled back after within),
   * reverts verified temporary actions whose time is up, and denies the requests for approval
   * nobody answered within the approval timeout. The {@code within} deadline is read on the
   * evidence's time ({@link Verifier#reportedUntil}): an action is rolled back once the verify
   * resources' sites have reported up to it without the resources recovering, not while their
   * samples are still on the way (a busy bus or store delays them, and in a sped-up lab a few
   * seconds of delay are the whole deadline). Silence is still no recovery: a resource silent while
   * its site reports is judged at the deadline, and a site whose samples have not reached it after
   * {@link #LATE_EVIDENCE_WAITS} times {@code within} on the clock is judged without them.
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
      if (verifier.recovered(f.verify(), f.runbook().verify().kpi(), f.appliedAt())) {
        Instant since = f.recoveredSince() == null ? now : f.recoveredSince();
        f = new InFlight(f.runbook(), f.action(), f.verify(), f.appliedAt(), since);
        e.setValue(f);
        if (!now.isBefore(since.plus(f.runbook().verify().stableFor()))) {
          record(f.action(), ActionState.VERIFIED, "recovered: " + String.join(", ", f.verify())
              + (f.runbook().verify().kpi().isEmpty() ? "" : " (" + String.join(", ", f.runbook().verify().kpi()) + ")"));
          it.remove();
          if (f.runbook().verify().reverts()) {
            temporary.put(e.getKey(), new InFlight(f.runbook(), f.action(), f.verify(), f.appliedAt(), now));
          }
        }
        continue;
      }
      if (f.recoveredSince() != null) {
        e.setValue(new InFlight(f.runbook(), f.action(), f.verify(), f.appliedAt(), null));
      }
      Duration within = f.runbook().verify().within();
      Instant deadline = f.appliedAt().plus(within);
      Instant reported = verifier.reportedUntil(f.verify());
      boolean judged = !reported.isBefore(deadline);
      Instant judgedWithout = deadline.plus(within.multipliedBy(LATE_EVIDENCE_WAITS));
      if (now.isAfter(deadline) && (judged || now.isAfter(judgedWithout))) {
        it.remove();
        rollback(f, (judged ? "" : reported.equals(Instant.MIN) ? "; one of them never reported"
            : "; their sites' samples arrived only up to " + reported)
            + verifier.unrecovered(f.verify(), f.runbook().verify().kpi(), f.appliedAt()));
      }
    }
    revertDue(now);
  }

  /**
   * A verified temporary action is undone once its time is up; a revertive one once its trigger's
   * resource has been quiet for the wait-to-restore (a firing detector restarts the wait, and the
   * edge's switches, pause or freeze, hold it: the undo is a change like any other, though it spends
   * no rate or budget, so that the next protection is not refused for having restored). A failed
   * undo is retried next tick when retryable.
   */
  private void revertDue(Instant now) {
    for (var it = temporary.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      InFlight f = e.getValue();
      VerifyPolicy v = f.runbook().verify();
      Duration wait = v.waitToRestore() != null ? v.waitToRestore() : v.revertAfter();
      if (v.waitToRestore() != null && !verifier.recovered(List.of(f.action().target()), List.of(), f.appliedAt())) {
        e.setValue(new InFlight(f.runbook(), f.action(), f.verify(), f.appliedAt(), now));
        continue;
      }
      if (now.isBefore(f.recoveredSince().plus(wait))) {
        continue;
      }
      String why = v.waitToRestore() != null
          ? "waitToRestore " + wait + ": " + f.action().target() + " quiet since " + f.recoveredSince()
          : "revertAfter " + wait + " since verified at " + f.recoveredSince();
      Optional<String> held = v.waitToRestore() != null
          ? guard.control().holds(f.action().site(), f.action().target()) : Optional.empty();
      if (held.isPresent()) {
        audit.accept(callEvent(f.action(), "revert:" + now.toEpochMilli(), why + "; held by the guard (" + held.get()
            + "): next try after another " + wait));
        e.setValue(new InFlight(f.runbook(), f.action(), f.verify(), f.appliedAt(), now));
        continue;
      }
      ActionResult r = call(() -> actuator.rollback(f.action()));
      if (r.ok()) {
        record(f.action(), ActionState.REVERTED, why + "; " + r.detail());
        it.remove();
      } else {
        audit.accept(callEvent(f.action(), "revert:" + now.toEpochMilli(), why + "; revert failed: " + r.detail()
            + (r.retryable() ? " (retried next tick)" : "; a person must undo it")));
        if (!r.retryable()) {
          it.remove();
        }
      }
    }
  }

  public synchronized List<InFlight> inFlight() {
    return new ArrayList<>(inFlight.values());
  }

  public synchronized List<Action> awaitingApproval() {
    return awaitingApproval.values().stream().map(InFlight::action).toList();
  }

  /** Verified temporary actions not reverted yet. */
  public synchronized List<Action> temporary() {
    return temporary.values().stream().map(InFlight::action).toList();
  }

  /** When each action held for approval was proposed, by action id. */
  public synchronized Map<String, Instant> approvalRequestedAt() {
    Map<String, Instant> out = new LinkedHashMap<>();
    awaitingApproval.forEach((key, f) -> out.put(f.action().id(), requestedAt.get(key)));
    return out;
  }

  private void apply(String key, Runbook runbook, Action action, List<String> verify) {
    if (guard.control().dryRun()) {
      record(action, ActionState.DRY_RUN, "dry run: would apply " + action.kind() + " on " + action.target() + " "
          + action.params() + "; nothing was changed");
      return;
    }
    ActionResult result = call(() -> actuator.apply(action));
    if (!result.ok()) {
      record(action, ActionState.FAILED, result.detail() + (result.retryable() ? " (retryable)" : ""));
      return;
    }
    record(action, ActionState.APPLIED, result.detail());
    inFlight.put(key, new InFlight(runbook, action, verify, clock.instant(), null));
  }

  private void rollback(InFlight f, String evidence) {
    String why = "not recovered within " + f.runbook().verify().within() + ": " + String.join(", ", f.verify())
        + evidence;
    if (!f.runbook().verify().rollback()) {
      record(f.action(), ActionState.UNVERIFIED, why + "; runbook does not roll back");
      return;
    }
    ActionResult result = call(() -> actuator.rollback(f.action()));
    if (result.ok()) {
      record(f.action(), ActionState.ROLLED_BACK, why + "; " + result.detail());
    } else {
      record(f.action(), ActionState.UNVERIFIED, why + "; rollback failed: " + result.detail());
    }
  }

  /** An actuator that throws has failed, retryably: the loop goes on. */
  private static ActionResult call(java.util.function.Supplier<ActionResult> c) {
    try {
      ActionResult r = c.get();
      return r == null ? ActionResult.failed("actuator returned no result", true) : r;
    } catch (RuntimeException e) {
      return ActionResult.failed("actuator error: " + e, true);
    }
  }

  private ActionEvent callEvent(Action action, String call, String detail) {
    return new ActionEvent(io.sextant.common.model.Ids.of("aev", action.id(), ActionState.CALL.name(), call),
        action.site(), clock.instant(), action, ActionState.CALL, detail);
  }

  private ActionEvent record(Action action, ActionState state, String detail) {
    ActionEvent event = new ActionEvent(null, action.site(), clock.instant(), action, state, detail);
    audit.accept(event);
    return event;
  }
}
