package io.sextant.runbook.safety;

import io.sextant.runbook.guard.Globs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A node's safety switches, one instance per node, shared by its closed loop or local repair and
 * (at the centre) its HTTP API: dry run, pause for all sites or one site, change freezes, the
 * outside {@link Blackouts}, and a budget of admitted actions per site in any hour, across all
 * runbooks. Every refusal is a sentence the audit log shows as it is. Thread-safe.
 */
public final class AutomationControl {
  /** The window of the per-site budget. */
  public static final Duration BUDGET_WINDOW = Duration.ofHours(1);

  /** Who paused, when and why. */
  public record Pause(String by, Instant since, String reason) {
    String describe() {
      return "by " + by + " since " + since + (reason == null || reason.isBlank() ? "" : ": " + reason);
    }
  }

  /** A snapshot for an API or a log line. */
  public record Status(boolean dryRun, Pause all, Map<String, Pause> sites, List<ChangeFreeze> freezes,
      int budgetPerSiteHour, Map<String, Integer> spentLastHour) {}

  private final Clock clock;
  private final int budget;
  private final Map<String, Pause> pausedSites = new LinkedHashMap<>();
  private final Map<String, ChangeFreeze> freezes = new LinkedHashMap<>();
  private final Map<String, Deque<Instant>> spent = new HashMap<>();
  private boolean dryRun;
  private Pause pausedAll;
  private Blackouts blackouts = Blackouts.none();

  public AutomationControl(Clock clock, AutomationSettings initial) {
    this.clock = clock;
    this.budget = initial.maxActionsPerSiteHour();
    this.dryRun = initial.dryRun();
    Instant now = clock.instant();
    if (initial.paused()) {
      pausedAll = new Pause("configuration", now, "automation.paused");
    }
    initial.pausedSites().forEach(s -> pausedSites.put(s, new Pause("configuration", now, "automation.paused-sites")));
    initial.freezes().forEach(f -> freezes.put(f.id(), f));
  }

  /** Everything allowed, nothing frozen, the default budget: what a node without {@code automation:} runs. */
  public static AutomationControl open(Clock clock) {
    return new AutomationControl(clock, AutomationSettings.defaults());
  }

  public synchronized boolean dryRun() {
    return dryRun;
  }

  public synchronized void setDryRun(boolean on) {
    dryRun = on;
  }

  public synchronized void pauseAll(String by, String reason) {
    pausedAll = new Pause(by, clock.instant(), reason);
  }

  public synchronized void resumeAll() {
    pausedAll = null;
  }

  public synchronized void pauseSite(String site, String by, String reason) {
    pausedSites.put(site, new Pause(by, clock.instant(), reason));
  }

  public synchronized void resumeSite(String site) {
    pausedSites.remove(site);
  }

  public synchronized void addFreeze(ChangeFreeze freeze) {
    freezes.put(freeze.id(), freeze);
  }

  public synchronized boolean removeFreeze(String id) {
    return freezes.remove(id) != null;
  }

  /** Where outside blackouts come from (the centre: its alarm service's silences and maintenance windows). */
  public synchronized void blackouts(Blackouts b) {
    blackouts = b == null ? Blackouts.none() : b;
  }

  /** Why no automated action may touch {@code target} at {@code site} now, or empty. Counts nothing. */
  public synchronized Optional<String> holds(String site, String target) {
    Instant now = clock.instant();
    if (pausedAll != null) {
      return Optional.of("automation is paused for all sites " + pausedAll.describe());
    }
    Pause p = pausedSites.get(site);
    if (p != null) {
      return Optional.of("automation is paused at site " + site + " " + p.describe());
    }
    for (ChangeFreeze f : freezes.values()) {
      if (f.activeAt(now) && Globs.matchesAny(f.sites(), site)) {
        return Optional.of("change freeze " + f.id() + " at " + site + " until " + f.until()
            + (f.reason().isBlank() ? "" : ": " + f.reason()));
      }
    }
    return blackouts.blocks(site, target, now);
  }

  /** Why one more action at {@code site} would exceed the hourly budget, or empty. Counts nothing. */
  public synchronized Optional<String> overBudget(String site) {
    int used = recent(site).size();
    return used >= budget
        ? Optional.of("site budget: " + used + " actions at " + site + " in the last hour (max " + budget
            + " across all runbooks)")
        : Optional.empty();
  }

  /** Counts one admitted action at {@code site} against the budget. */
  public synchronized void spend(String site) {
    recent(site).addLast(clock.instant());
  }

  /**
   * Counts an action admitted at {@code at}, before a restart, against the budget: a restarted
   * node's budget window holds what the previous process spent. Older than the window: nothing.
   */
  public synchronized void spent(String site, Instant at) {
    Deque<Instant> d = recent(site);
    if (at.isAfter(clock.instant().minus(BUDGET_WINDOW))) {
      d.addLast(at);
    }
  }

  private Deque<Instant> recent(String site) {
    Deque<Instant> d = spent.computeIfAbsent(site, k -> new ArrayDeque<>());
    Instant cutoff = clock.instant().minus(BUDGET_WINDOW);
    while (!d.isEmpty() && !d.peekFirst().isAfter(cutoff)) {
      d.pollFirst();
    }
    return d;
  }

  public synchronized Status status() {
    Map<String, Integer> used = new TreeMap<>();
    for (String site : new ArrayList<>(spent.keySet())) {
      used.put(site, recent(site).size());
    }
    return new Status(dryRun, pausedAll, Map.copyOf(pausedSites), List.copyOf(freezes.values()), budget, used);
  }
}
