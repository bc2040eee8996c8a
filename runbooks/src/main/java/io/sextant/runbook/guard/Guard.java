package io.sextant.runbook.guard;

import io.sextant.common.model.Action;
import io.sextant.runbook.model.GuardPolicy;
import io.sextant.runbook.model.Runbook;
import io.sextant.runbook.safety.AutomationControl;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last check before an automated action touches the cloud, in this order: the node's safety
 * switches (pause, change freeze, silences and maintenance windows: {@link AutomationControl}),
 * deny/allow lists, blast radius, a sliding-window rate limit per runbook, the site's budget across
 * all runbooks, and approval. Only admitted actions count against the rate and the budget. Not
 * thread-safe: one executor owns one guard (the control it shares is thread-safe).
 */
public final class Guard {
  private final Clock clock;
  private final AutomationControl control;
  private final Map<String, Deque<Instant>> admitted = new HashMap<>();

  public Guard(Clock clock) {
    this(clock, AutomationControl.open(clock));
  }

  public Guard(Clock clock, AutomationControl control) {
    this.clock = clock;
    this.control = control;
  }

  public AutomationControl control() {
    return control;
  }

  /** Checks and, when allowed without approval, admits the action (it counts against the rate and budget). */
  public GuardDecision check(Runbook runbook, Action action, int blastRadius) {
    GuardPolicy p = runbook.guard();
    Instant now = clock.instant();
    Optional<String> held = control.holds(action.site(), action.target());
    if (held.isPresent()) {
      return GuardDecision.refuse(held.get());
    }
    if (matchesAny(p.deny(), action.target())) {
      return GuardDecision.refuse("target " + action.target() + " is on the deny list of " + runbook.id());
    }
    if (!matchesAny(p.allow(), action.target())) {
      return GuardDecision.refuse("target " + action.target() + " is not on the allow list of " + runbook.id());
    }
    if (blastRadius > p.maxBlastRadius()) {
      return GuardDecision.refuse("blast radius " + blastRadius + " exceeds " + p.maxBlastRadius());
    }
    Deque<Instant> recent = admitted.computeIfAbsent(runbook.id(), k -> new ArrayDeque<>());
    while (!recent.isEmpty() && !recent.peekFirst().isAfter(now.minus(p.window()))) {
      recent.pollFirst();
    }
    if (recent.size() >= p.maxActions()) {
      return GuardDecision.refuse("rate limit: " + recent.size() + " actions of " + runbook.id() + " in the last "
          + p.window() + " (max " + p.maxActions() + ")");
    }
    Optional<String> budget = control.overBudget(action.site());
    if (budget.isPresent()) {
      return GuardDecision.refuse(budget.get());
    }
    if (p.requireApproval()) {
      return GuardDecision.awaitApproval("runbook " + runbook.id() + " requires approval");
    }
    recent.addLast(now);
    control.spend(action.site());
    return GuardDecision.allow("within budget: " + (recent.size()) + "/" + p.maxActions() + " per " + p.window()
        + ", blast radius " + blastRadius + "/" + p.maxBlastRadius());
  }

  /**
   * Admits an action a person approved: refused if the switches now hold it (paused, frozen) or the
   * site's budget is spent; otherwise it counts against the rate limit and the budget.
   */
  public GuardDecision admitApproved(Runbook runbook, Action action, String by) {
    Optional<String> no = control.holds(action.site(), action.target()).or(() -> control.overBudget(action.site()));
    if (no.isPresent()) {
      return GuardDecision.refuse(no.get() + " (approved by " + by + ")");
    }
    admitted.computeIfAbsent(runbook.id(), k -> new ArrayDeque<>()).addLast(clock.instant());
    control.spend(action.site());
    return GuardDecision.allow("approved by " + by);
  }

  /**
   * An action of {@code runbookId} admitted at {@code at} by a previous process: it counts against
   * the runbook's rate window (pruned by the window at the next check) and the site's budget, so
   * a restart does not reopen either. Call in admission order.
   */
  public void readmit(String runbookId, String site, Instant at) {
    admitted.computeIfAbsent(runbookId, k -> new ArrayDeque<>()).addLast(at);
    control.spent(site, at);
  }

  static boolean matchesAny(List<String> globs, String target) {
    return Globs.matchesAny(globs, target);
  }
}
