package io.sextant.central.protect;

import io.sextant.common.action.ProbeRequest;
import io.sextant.common.model.Action;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionKind;
import io.sextant.common.model.ActionState;
import io.sextant.common.model.Command;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.FaultKind;
import io.sextant.common.model.Sample;
import io.sextant.common.topology.Path;
import io.sextant.common.topology.Topology;
import io.sextant.runbook.model.GuardPolicy;
import io.sextant.runbook.model.Runbook;
import io.sextant.runbook.model.VerifyPolicy;
import io.sextant.runbook.plan.TriggerContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Protection switching for links the closed loop rerouted traffic off. Once no path crosses a
 * rerouted link, the probe mesh no longer sees it, so without this its alarm would stay open and
 * the detour would stay for ever. Per link:
 *
 * <pre>
 *   REROUTE applied ─► PROTECTING ──(clearWindows healthy windows: alarm cleared)──► WAIT_TO_RESTORE
 *                          ▲   ▲                                                        │   │
 *                          │   └────────(a bad window: alarm raised again, WTR restarts)┘   │ waitToRestore
 *                          │                                                                ▼
 *                          └──(restore rolled back: the reroute is put back)──────── RESTORING
 *                                                                                       │ RESTORE verified
 *                                                                                       ▼
 *                                                                     probes stopped, link forgotten
 * </pre>
 *
 * A restore the guard refuses, or that fails to apply, waits another {@code waitToRestore}. A
 * reroute rolled back by its own verification ends the protection (traffic is back on the link,
 * where the mesh measures it again). Protection probes go to both ends of the shortest path that
 * crossed the link, pinned to that path's old route ({@link ProbeRequest}).
 *
 * <p>Time is the injected clock's; a window is a protection-probe sample's time. Thread-safe:
 * samples arrive on the ingest thread, action events and ticks on the loop's.
 */
public final class LinkProtection {
  private static final Logger log = LoggerFactory.getLogger(LinkProtection.class);
  /** The locator of the diagnosis that raises a link's alarm again when it degrades during wait-to-restore. */
  public static final String LOCATOR = "link-protection";

  /** Where a protected link stands. */
  public enum Phase { PROTECTING, WAIT_TO_RESTORE, RESTORING }

  /** What protection asks of the centre. */
  public interface Outputs {
    /** Sends a probe command (start: APPLY, stop: ROLLBACK) to its site. */
    void probe(Command command);

    /** Clears the open alarms on {@code resource}; {@code why} goes into the clear. */
    void clearAlarms(String resource, String why);

    /** Publishes a diagnosis (a link degrading again during wait-to-restore). */
    void diagnosis(Diagnosis diagnosis);

    Outputs NONE = new Outputs() {
      @Override
      public void probe(Command command) {}

      @Override
      public void clearAlarms(String resource, String why) {}

      @Override
      public void diagnosis(Diagnosis diagnosis) {}
    };
  }

  /** One protected link, as the API and tests see it. */
  public record Protected(String link, Phase phase, Action reroute, List<String> paths, List<Action> probes,
      int healthyWindows, Instant waitingSince) {}

  private static final class Entry {
    final String link;
    Action reroute;
    final List<Path> crossed;
    final List<Action> probes = new ArrayList<>();
    Phase phase = Phase.PROTECTING;
    int healthy;
    Instant lastHealthy = Instant.MIN;
    Instant lastBad = Instant.MIN;
    Instant waitingSince;

    Entry(String link, Action reroute, List<Path> crossed) {
      this.link = link;
      this.reroute = reroute;
      this.crossed = List.copyOf(crossed);
    }

    Protected view() {
      return new Protected(link, phase, reroute, crossed.stream().map(Path::resource).toList(), List.copyOf(probes),
          healthy, waitingSince);
    }
  }

  private final Clock clock;
  private final String site;
  private final ProtectionSettings settings;
  private final Outputs out;
  private final Supplier<Topology> topology;
  private final Function<String, Optional<Runbook>> runbooks;
  private final BiFunction<Runbook, TriggerContext, Optional<Action>> restorer;
  private final Map<String, Entry> links = new LinkedHashMap<>();
  /** The paths crossing each proposed reroute's link before it was applied, by action id. */
  private final Map<String, List<Path>> beforeReroute = new HashMap<>();

  /**
   * @param site the centre's site, on the diagnoses it raises
   * @param topology the routes as the actuator reports them
   * @param runbooks a runbook by id (the reroute's: its guard and verification carry over to the restore)
   * @param restorer proposes a restore through the restore executor (plan, guard, apply, verify)
   */
  public LinkProtection(Clock clock, String site, ProtectionSettings settings, Outputs out, Supplier<Topology> topology,
      Function<String, Optional<Runbook>> runbooks, BiFunction<Runbook, TriggerContext, Optional<Action>> restorer) {
    this.clock = clock;
    this.site = site;
    this.settings = settings;
    this.out = out;
    this.topology = topology;
    this.runbooks = runbooks;
    this.restorer = restorer;
  }

  public ProtectionSettings settings() {
    return settings;
  }

  /** Follows the closed loop's audit: reroutes start protection, restores end it. */
  public synchronized void onAction(ActionEvent e) {
    Action a = e.action();
    if (a.kind() == ActionKind.REROUTE) {
      onReroute(e);
    } else if (a.kind() == ActionKind.RESTORE) {
      onRestore(e);
    }
  }

  private void onReroute(ActionEvent e) {
    Action a = e.action();
    String link = a.params().get("avoid");
    if (link == null) {
      return;
    }
    switch (e.state()) {
      case PROPOSED -> beforeReroute.put(a.id(), topology.get().pathsCrossing(link));
      case APPLIED -> {
        List<Path> crossed = beforeReroute.remove(a.id());
        if (crossed == null || crossed.isEmpty()) {
          crossed = topology.get().pathsCrossing(link); // a static (live) topology: the routes as written
        }
        Entry prior = links.get(link);
        if (prior != null) {
          prior.reroute = a;
          return;
        }
        Entry entry = new Entry(link, a, crossed);
        links.put(link, entry);
        startProbes(entry);
      }
      case REJECTED, FAILED, DRY_RUN -> beforeReroute.remove(a.id());
      case ROLLED_BACK, UNVERIFIED, REVERTED -> {
        Entry entry = links.get(link);
        if (entry != null && entry.reroute.id().equals(a.id())) {
          log.info("link {}: reroute {} {}; protection ends, traffic is back on the link", link, a.id(), e.state());
          end(entry);
        }
      }
      default -> { }
    }
  }

  private void onRestore(ActionEvent e) {
    Entry entry = links.get(e.action().params().get("link"));
    if (entry == null) {
      return;
    }
    switch (e.state()) {
      case PROPOSED, APPROVED, APPLIED -> entry.phase = Phase.RESTORING;
      case VERIFIED -> {
        log.info("link {}: original routing restored and verified ({}); protection probes stop", entry.link,
            e.action().id());
        end(entry);
      }
      case ROLLED_BACK -> {
        // The restored paths lost probes: the reroute is back (RestoreActuator), so is the protection.
        entry.phase = Phase.PROTECTING;
        entry.healthy = 0;
        entry.waitingSince = null;
      }
      case REJECTED, FAILED, DRY_RUN -> {
        entry.phase = Phase.WAIT_TO_RESTORE;
        entry.waitingSince = clock.instant();
        log.info("link {}: restore {} {} ({}); next try after {}", entry.link, e.action().id(), e.state(), e.detail(),
            settings.waitToRestore());
      }
      case UNVERIFIED -> {
        log.warn("link {}: restore {} unverified and not undone ({}): a person must look; protection ends",
            entry.link, e.action().id(), e.detail());
        end(entry);
      }
      default -> { }
    }
  }

  /**
   * Restart: takes back the links a previous process protected, from the audit log (every event of
   * each recently active action, in recording order). A link rerouted and neither rolled back nor
   * restored is protected again from {@link Phase#PROTECTING}: its probes are asked for again
   * (their ids are the reroute's, so a site still probing carries on), and its healthy windows are
   * counted afresh, so its alarm clears and the wait-to-restore runs again from then: a restart
   * never restores early, it may restore later. The paths it protects are those its reroute's
   * proposal named, on their least-cost routes (which crossed the link). A restore applied before
   * the stop is taken as done (the routing was undone; its verification died with the process, so
   * it is logged) and its probes are stopped. Call before the first sample or action event.
   * Returns the links protected again.
   */
  public synchronized List<String> restore(List<ActionEvent> audit) {
    Map<String, List<String>> verifyOf = new HashMap<>();
    Map<String, Entry> replayed = new LinkedHashMap<>();
    List<Entry> restoredUnverified = new ArrayList<>();
    for (ActionEvent e : audit) {
      Action a = e.action();
      if (a.kind() == ActionKind.REROUTE && a.params().containsKey("avoid")) {
        String link = a.params().get("avoid");
        switch (e.state()) {
          case PROPOSED -> verifyOf.put(a.id(), io.sextant.runbook.execute.Proposal.verifyOf(e.detail()));
          case APPLIED -> {
            Entry prior = replayed.get(link);
            if (prior != null) {
              prior.reroute = a;
            } else {
              replayed.put(link, new Entry(link, a, pathsBefore(link, verifyOf.getOrDefault(a.id(), List.of()))));
            }
          }
          case ROLLED_BACK, UNVERIFIED, REVERTED -> replayed.computeIfPresent(link,
              (k, x) -> x.reroute.id().equals(a.id()) ? null : x);
          default -> { }
        }
      } else if (a.kind() == ActionKind.RESTORE && replayed.containsKey(a.params().get("link"))) {
        String link = a.params().get("link");
        if (e.state() == ActionState.VERIFIED || e.state() == ActionState.UNVERIFIED) {
          replayed.remove(link);
          restoredUnverified.removeIf(x -> x.link.equals(link));
        } else if (e.state() == ActionState.APPLIED) {
          restoredUnverified.add(replayed.get(link));
        } else if (e.state() == ActionState.ROLLED_BACK) {
          restoredUnverified.removeIf(x -> x.link.equals(link));
        }
      }
    }
    for (Entry entry : restoredUnverified) {
      replayed.remove(entry.link);
      log.warn("restart: link {}: restore applied before the stop, its verification lost; taken as done, probes "
          + "stopped", entry.link);
      entry.probes.addAll(probeActions(entry, clock.instant()));
      end(entry);
    }
    replayed.values().forEach(entry -> {
      links.put(entry.link, entry);
      log.info("restart: link {} protected again (reroute {}); its alarm clears after {} healthy windows, then "
          + "wait-to-restore {}", entry.link, entry.reroute.id(), settings.clearWindows(), settings.waitToRestore());
      startProbes(entry);
    });
    return List.copyOf(replayed.keySet());
  }

  /**
   * The paths a reroute moved off {@code link}, as they ran before it: by the resources its
   * proposal named, each on the route it has now if that crosses the link (a static topology),
   * else its least-cost route; without names, the paths crossing the link now.
   */
  private List<Path> pathsBefore(String link, List<String> resources) {
    Topology t = topology.get();
    List<Path> out = new ArrayList<>();
    for (Path p : t.paths()) {
      if (!resources.contains(p.resource())) {
        continue;
      }
      out.add(p.crosses(link) ? p : new Path(p.src(), p.dst(),
          io.sextant.common.topology.Routes.shortest(t.links(), p.src(), p.dst(), java.util.Set.of())
              .orElse(p.links())));
    }
    return out.isEmpty() ? t.pathsCrossing(link) : out;
  }

  /** Protection-probe samples ({@link ProbeRequest#METRIC}); every other sample is ignored. */
  public synchronized void onSamples(List<Sample> samples) {
    for (Sample s : samples) {
      if (!s.metric().equals(ProbeRequest.METRIC) || !s.resource().startsWith("link:")) {
        continue;
      }
      Entry entry = links.get(s.resource().substring("link:".length()));
      if (entry == null) {
        continue;
      }
      if (s.value() > settings.healthyLoss() || Double.isNaN(s.value())) {
        bad(entry, s);
      } else if (s.time().isAfter(entry.lastHealthy) && s.time().isAfter(entry.lastBad)) {
        // Counted once a window (both ends report it); a window with a bad end is not healthy.
        entry.lastHealthy = s.time();
        entry.healthy++;
      }
    }
  }

  private void bad(Entry entry, Sample s) {
    entry.lastBad = s.time().isAfter(entry.lastBad) ? s.time() : entry.lastBad;
    entry.healthy = 0;
    if (entry.phase == Phase.WAIT_TO_RESTORE) {
      entry.phase = Phase.PROTECTING;
      entry.waitingSince = null;
      log.info("link {}: lossy again during wait-to-restore ({} from {} at {}); alarm raised again, timer restarts",
          entry.link, s.value(), s.labels().get("src"), s.time());
      out.diagnosis(new Diagnosis(null, site, clock.instant(), FaultKind.LINK_LOSS, "link:" + entry.link, 1.0,
          entry.crossed.stream().map(Path::resource).toList(), Map.of("estimatedLoss", s.value(), "alternatives", 0.0),
          LOCATOR));
    }
  }

  /** Moves each protected link on by the clock: its alarm cleared, its routing restored. */
  public synchronized void tick() {
    Instant now = clock.instant();
    for (Entry entry : List.copyOf(links.values())) {
      if (entry.phase == Phase.PROTECTING && entry.healthy >= settings.clearWindows()) {
        entry.phase = Phase.WAIT_TO_RESTORE;
        entry.waitingSince = now;
        out.clearAlarms("link:" + entry.link, "healthy on protection probes for " + entry.healthy + " windows");
        log.info("link {}: healthy for {} windows of protection probes: alarm cleared, wait-to-restore {}",
            entry.link, entry.healthy, settings.waitToRestore());
      } else if (entry.phase == Phase.WAIT_TO_RESTORE && !now.isBefore(entry.waitingSince.plus(settings.waitToRestore()))) {
        restore(entry, now);
      }
    }
  }

  private void restore(Entry entry, Instant now) {
    entry.phase = Phase.RESTORING;
    Runbook r = restoreRunbook(entry.reroute);
    TriggerContext trigger = new TriggerContext(entry.reroute.id(), site, now, "link:" + entry.link, Double.NaN,
        Double.NaN, entry.crossed.stream().map(Path::resource).toList());
    Optional<Action> proposed = restorer.apply(r, trigger);
    if (proposed.isEmpty() && entry.phase == Phase.RESTORING && links.get(entry.link) == entry) {
      entry.phase = Phase.WAIT_TO_RESTORE; // nothing proposed (one in flight, unplannable): try again later
      entry.waitingSince = now;
    }
  }

  /** The restore's runbook: the reroute runbook's guard and verification (no revert), acting by RESTORE. */
  private Runbook restoreRunbook(Action reroute) {
    Optional<Runbook> original = runbooks.apply(reroute.runbook());
    GuardPolicy guard = original.map(Runbook::guard).orElse(GuardPolicy.defaults());
    VerifyPolicy v = original.map(Runbook::verify).orElse(VerifyPolicy.defaults());
    Runbook base = original.orElse(null);
    return new Runbook("restore-" + reroute.runbook(), "restores the routing " + reroute.runbook()
        + " moved off a link, once the link is healthy again", Runbook.Scope.CENTRAL,
        base != null ? base.trigger() : new io.sextant.runbook.model.Trigger.OnDiagnosis(FaultKind.LINK_LOSS),
        ActionKind.RESTORE, Map.of(), guard, new VerifyPolicy(v.kpi(), v.within(), v.stableFor(), true, null));
  }

  /** The reroute whose link is protected, by the reroute's action id. */
  public synchronized Optional<Action> reroute(String actionId) {
    return links.values().stream().map(e -> e.reroute).filter(a -> a.id().equals(actionId)).findFirst();
  }

  /** The reroute of {@code link} was put back (a restore rolled back) as {@code again}. */
  public synchronized void rerouted(String link, Action again) {
    Entry entry = links.get(link);
    if (entry != null) {
      entry.reroute = again;
    }
  }

  /** The protected link {@code link}, if it is. */
  public synchronized Optional<Protected> get(String link) {
    return Optional.ofNullable(links.get(link)).map(Entry::view);
  }

  /** Every protected link, in the order they were rerouted. */
  public synchronized List<Protected> all() {
    return links.values().stream().map(Entry::view).toList();
  }

  private void startProbes(Entry entry) {
    List<Action> probes = probeActions(entry, clock.instant());
    if (probes.isEmpty()) {
      log.warn("link {}: no path crossed it before the reroute; it cannot be probed", entry.link);
      return;
    }
    for (Action probe : probes) {
      entry.probes.add(probe);
      out.probe(Command.apply(probe.params().get("src"), probe));
      log.info("link {}: {} asked to probe {} across it over {}, {} probes a window", entry.link,
          probe.params().get("src"), probe.params().get("peer"), probe.params().get("route"),
          probe.params().get("probes"));
    }
  }

  /** Both ends of the shortest path that crossed the link probe each other over its old route. */
  private List<Action> probeActions(Entry entry, Instant now) {
    Path shortest = entry.crossed.stream()
        .min(Comparator.<Path>comparingInt(p -> p.links().size()).thenComparing(Path::id)).orElse(null);
    if (shortest == null) {
      return List.of();
    }
    List<String> back = new ArrayList<>(shortest.links());
    java.util.Collections.reverse(back);
    return List.of(
        new ProbeRequest(entry.link, shortest.src(), shortest.dst(), shortest.links(), settings.probes(),
            entry.reroute.id()).toAction(site, now),
        new ProbeRequest(entry.link, shortest.dst(), shortest.src(), back, settings.probes(), entry.reroute.id())
            .toAction(site, now));
  }

  private void end(Entry entry) {
    links.remove(entry.link);
    Instant now = clock.instant();
    for (Action probe : entry.probes) {
      out.probe(Command.rollback(probe.params().get("src"), probe, now));
    }
  }
}
