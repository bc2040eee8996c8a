package io.sextant.runbook.guard;

import io.sextant.common.model.Action;
import io.sextant.runbook.model.GuardPolicy;
import io.sextant.runbook.model.Runbook;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The last check before an automated action touches the cloud: deny/allow lists, blast radius,
 * a sliding-window rate limit per runbook, and approval. Only admitted actions count against the
 * rate limit. Not thread-safe: one executor owns one guard.
 */
public final class Guard {
  private final Clock clock;
  private final Map<String, Deque<Instant>> admitted = new HashMap<>();

  public Guard(Clock clock) {
    this.clock = clock;
  }

  /** Checks and, when allowed without approval, admits the action (it counts against the rate). */
  public GuardDecision check(Runbook runbook, Action action, int blastRadius) {
    GuardPolicy p = runbook.guard();
    Instant now = clock.instant();
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
    if (p.requireApproval()) {
      return GuardDecision.awaitApproval("runbook " + runbook.id() + " requires approval");
    }
    recent.addLast(now);
    return GuardDecision.allow("within budget: " + (recent.size()) + "/" + p.maxActions() + " per " + p.window()
        + ", blast radius " + blastRadius + "/" + p.maxBlastRadius());
  }

  /** Counts an action a person approved against the rate limit. */
  public void admitApproved(Runbook runbook) {
    admitted.computeIfAbsent(runbook.id(), k -> new ArrayDeque<>()).addLast(clock.instant());
  }

  static boolean matchesAny(List<String> globs, String target) {
    for (String g : globs) {
      if (Pattern.matches(globToRegex(g), target)) {
        return true;
      }
    }
    return false;
  }

  private static String globToRegex(String glob) {
    StringBuilder sb = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> sb.append(".*");
        case '?' -> sb.append('.');
        default -> sb.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return sb.toString();
  }
}
