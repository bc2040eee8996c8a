package io.sextant.alarm.silence;

import io.sextant.common.match.Matcher;
import io.sextant.alarm.notify.Suppression;
import io.sextant.alarm.notify.Suppression.Kind;
import io.sextant.common.model.Alarm;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The silences, maintenance windows and inhibition rules in force, and the one question the
 * notification pipeline asks: is this alarm muted now, and by what. Silences are checked before
 * windows, windows before inhibition; the first that applies is the answer. Thread-safe.
 *
 * <p><b>Persistence.</b> Silences and windows are loaded from the {@link SilenceStore} at
 * construction and every change is written through it first (with who did it and when, from
 * the clock): a write that fails throws and changes nothing here. Inhibition rules are
 * configuration and are not stored.
 */
public final class Suppressions {
  private final Map<String, Silence> silences = new LinkedHashMap<>();
  private final Map<String, MaintenanceWindow> windows = new LinkedHashMap<>();
  private final List<InhibitRule> rules;
  private final SilenceStore store;
  private final Clock clock;

  /** In memory only; history stamped on the system clock. */
  public Suppressions(List<InhibitRule> rules) {
    this(rules, new InMemorySilenceStore(), Clock.systemUTC());
  }

  /** Loads the stored silences and windows. */
  public Suppressions(List<InhibitRule> rules, SilenceStore store, Clock clock) {
    this.rules = List.copyOf(rules);
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    store.silences().forEach(x -> silences.put(x.id(), x));
    store.windows().forEach(w -> windows.put(w.id(), w));
  }

  public static Suppressions none() {
    return new Suppressions(List.of());
  }

  /**
   * Adds a silence, or replaces the one with its id (as Alertmanager updates a silence posted
   * with an id); a blank id gets a new random one. Returns the stored silence.
   */
  public synchronized Silence add(Silence silence) {
    Silence stored = silence.id().isBlank() ? new Silence(UUID.randomUUID().toString(), silence.matchers(),
        silence.startsAt(), silence.endsAt(), silence.createdBy(), silence.comment()) : silence;
    SilenceStore.Action action = silences.containsKey(stored.id()) ? SilenceStore.Action.CHANGED
        : SilenceStore.Action.CREATED;
    store.save(stored, action, stored.createdBy(), clock.instant());
    silences.put(stored.id(), stored);
    return stored;
  }

  /** Ends a silence now (kept in the list, as Alertmanager keeps expired silences). */
  public synchronized Silence expire(String id, Instant now) {
    return expire(id, now, "unknown");
  }

  /** Ends a silence now; {@code by} (who expired it) goes into the history. */
  public synchronized Silence expire(String id, Instant now, String by) {
    Silence s = silences.get(id);
    if (s == null) {
      throw new IllegalArgumentException("no silence " + id);
    }
    Silence expired = s.expiredAt(now);
    store.save(expired, SilenceStore.Action.EXPIRED, by, now);
    silences.put(id, expired);
    return expired;
  }

  /** Who created, changed, expired or removed which silence or window, oldest first. */
  public List<SilenceStore.Entry> history() {
    return store.history();
  }

  public synchronized List<Silence> silences() {
    return new ArrayList<>(silences.values());
  }

  /** Adds or replaces a window; configuration, so "by" is {@code config}. */
  public synchronized void add(MaintenanceWindow window) {
    add(window, "config");
  }

  /** Adds or replaces a window; stored (and put in the history) only if it changed. */
  public synchronized void add(MaintenanceWindow window, String by) {
    store.save(window, by, clock.instant());
    windows.put(window.id(), window);
  }

  /** Removes a window; false if there was none. */
  public synchronized boolean removeWindow(String id, String by) {
    if (!windows.containsKey(id)) {
      return false;
    }
    store.remove(id, by, clock.instant());
    windows.remove(id);
    return true;
  }

  public synchronized List<MaintenanceWindow> windows() {
    return new ArrayList<>(windows.values());
  }

  public List<InhibitRule> rules() {
    return rules;
  }

  /**
   * The ids of every silence, then every maintenance window, active at {@code now} and matching
   * the labels (Alertmanager's {@code silencedBy} lists them all, not only the first).
   */
  public synchronized List<String> silencing(Map<String, String> labels, Instant now) {
    List<String> ids = new ArrayList<>();
    for (Silence s : silences.values()) {
      if (s.activeAt(now) && Matcher.all(s.matchers(), labels)) {
        ids.add(s.id());
      }
    }
    for (MaintenanceWindow w : windows.values()) {
      if (w.activeAt(now) && Matcher.all(w.matchers(), labels)) {
        ids.add(w.id());
      }
    }
    return ids;
  }

  /** Muted by a silence or a maintenance window active at {@code now}. */
  public synchronized Optional<Suppression> silenced(Map<String, String> labels, Instant now) {
    for (Silence s : silences.values()) {
      if (s.activeAt(now) && Matcher.all(s.matchers(), labels)) {
        return Optional.of(new Suppression(Kind.SILENCED, s.id(),
            "silenced by " + s.id() + " (" + s.matchers() + ") until " + s.endsAt() + " by " + s.createdBy()
                + (s.comment().isEmpty() ? "" : ": " + s.comment())));
      }
    }
    for (MaintenanceWindow w : windows.values()) {
      if (w.activeAt(now) && Matcher.all(w.matchers(), labels)) {
        return Optional.of(new Suppression(Kind.MAINTENANCE, w.id(),
            "in maintenance window " + w.id() + " (" + w.describe() + ", " + w.matchers() + ")"
                + (w.comment().isEmpty() ? "" : ": " + w.comment())));
      }
    }
    return Optional.empty();
  }

  /**
   * Whether an open alarm inhibits {@code target} (labels {@code labels}) under a rule: it matches
   * the rule's source, the target its target, and they agree on the rule's {@code equal} labels.
   * The first such source in {@code open}'s order is named.
   */
  public Optional<Suppression> inhibited(Alarm target, Map<String, String> labels,
      Collection<Map.Entry<Alarm, Map<String, String>>> open) {
    return inhibited(target, labels, sources(open));
  }

  /** As {@link #inhibited(Alarm, Map, Collection)}, against sources indexed once for many targets. */
  public Optional<Suppression> inhibited(Alarm target, Map<String, String> labels, Sources sources) {
    for (int r = 0; r < rules.size(); r++) {
      InhibitRule rule = rules.get(r);
      if (!Matcher.all(rule.target(), labels)) {
        continue;
      }
      for (Alarm s : sources.byRule.get(r).getOrDefault(equalValues(rule, labels), List.of())) {
        if (!s.id().equals(target.id())) {
          return Optional.of(new Suppression(Kind.INHIBITED, rule.name(),
              "inhibited by rule " + rule.name() + ": alarm " + s.id() + " (" + s.probableCause() + " on "
                  + s.resource() + ") is open with the same " + rule.equal()));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The open alarms that are each rule's sources, by the values of the rule's {@code equal}
   * labels, in {@code open}'s order: built once per tick, so checking n targets costs n lookups
   * rather than n scans of every open alarm.
   */
  public Sources sources(Collection<Map.Entry<Alarm, Map<String, String>>> open) {
    List<Map<List<String>, List<Alarm>>> byRule = new ArrayList<>(rules.size());
    for (InhibitRule rule : rules) {
      Map<List<String>, List<Alarm>> byEqual = new java.util.HashMap<>();
      for (Map.Entry<Alarm, Map<String, String>> source : open) {
        if (!source.getKey().cleared() && Matcher.all(rule.source(), source.getValue())) {
          byEqual.computeIfAbsent(equalValues(rule, source.getValue()), k -> new ArrayList<>()).add(source.getKey());
        }
      }
      byRule.add(byEqual);
    }
    return new Sources(byRule);
  }

  /** A label missing counts as empty, as Alertmanager compares them. */
  private static List<String> equalValues(InhibitRule rule, Map<String, String> labels) {
    List<String> values = new ArrayList<>(rule.equal().size());
    for (String l : rule.equal()) {
      values.add(labels.getOrDefault(l, ""));
    }
    return values;
  }

  /** Inhibition sources indexed for one moment ({@link #sources}). */
  public static final class Sources {
    private final List<Map<List<String>, List<Alarm>>> byRule;

    private Sources(List<Map<List<String>, List<Alarm>>> byRule) {
      this.byRule = byRule;
    }
  }
}
