package io.sextant.node.central.view;

import io.sextant.central.rca.LearnedCalls;
import io.sextant.central.state.LiveState;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionKind;
import io.sextant.common.model.ActionState;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.FaultKind;
import io.sextant.common.model.RankedCause;
import io.sextant.common.topology.Link;
import io.sextant.common.topology.Path;
import io.sextant.common.topology.Routes;
import io.sextant.common.topology.Topology;
import io.sextant.store.PostgresStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What the operators' read API shows, computed from the centre's state: the topology with each
 * link's current state and the calls between services (from the file and learned from traces), the diagnoses with their evidence, and incidents with their times (detect,
 * locate, mitigate, verify). Plain Java over the store, the live state and the current topology;
 * the HTTP layer only serialises it. Each view can be limited to some sites (a token's {@code
 * sites:}): it then shows what touches one of them ({@link #sitesOf}) and nothing else.
 */
public final class Views {
  /** Most recent diagnoses and incidents a call returns. */
  public static final int LIMIT = 200;

  private final PostgresStore store;
  private final LiveState state;
  private final Supplier<Topology> topology;
  private final Supplier<List<LearnedCalls.Call>> calls;

  public Views(PostgresStore store, LiveState state, Supplier<Topology> topology) {
    this(store, state, topology, List::of);
  }

  /** As above, with the calls between services the dependency ranking follows ({@code Diagnoser#serviceCalls}). */
  public Views(PostgresStore store, LiveState state, Supplier<Topology> topology,
      Supplier<List<LearnedCalls.Call>> calls) {
    this.store = store;
    this.state = state;
    this.topology = topology;
    this.calls = calls;
  }

  /** A link's state as the NOC sees it. */
  public enum LinkState {
    /** Nothing against it. */
    OK,
    /** A diagnosis located packet loss on it and no action has moved traffic off it yet. */
    LOSSY,
    /** Located lossy and traffic moved off it by a reroute still in place. */
    REROUTED
  }

  public record LinkView(String id, String a, String b, int cost, LinkState state, String diagnosis,
      Double estimatedLoss, List<String> paths) {}

  /**
   * A probe path on its current route; {@code rerouted} when a reroute in place moved it off its
   * least-cost route, which {@code usualLinks} then gives.
   */
  public record PathView(String id, String src, String dst, List<String> links, Double recentLoss,
      Double baselineLoss, boolean rerouted, List<String> usualLinks) {}

  /**
   * A call between services the dependency ranking follows: {@code caller} depends on
   * {@code callee}; {@code source} is {@code topology} (the file's {@code depends-on}) or
   * {@code learned} (from traces, with when last seen and the calls counted so far).
   */
  public record CallView(String caller, String callee, String source, Instant lastSeen, Long calls) {}

  public record TopologyView(List<String> sites, List<String> routers, List<LinkView> links, List<PathView> paths,
      List<CallView> calls) {}

  /**
   * A diagnosis; {@code ranking} is its root-cause ranking, first the diagnosed root (a dependency
   * diagnosis: every candidate, with its confidence and anomaly), empty for the other locators.
   */
  public record DiagnosisView(String id, Instant time, FaultKind kind, String target, double confidence,
      List<String> evidence, Map<String, Double> details, String locator, List<RankedCause> ranking) {}

  /**
   * One incident: a located fault and what followed. {@code detected} is the earliest raise of an
   * alarm on its target or evidence; {@code mitigated} the first applied action it triggered;
   * {@code verified} that action's verification; durations are from detection.
   */
  public record IncidentView(String diagnosis, FaultKind kind, String target, Instant detected, Instant located,
      Instant mitigated, Instant verified, String action, ActionState actionState, Duration timeToLocate,
      Duration timeToRepair) {}

  public TopologyView topology() {
    return topology(site -> true);
  }

  /**
   * The topology as a caller of the sites {@code covered} accepts sees it: those sites, the links
   * and paths that touch them, and the backbone routers and links that carry no site's traffic.
   */
  public TopologyView topology(Predicate<String> covered) {
    Topology t = topology.get();
    Map<String, Diagnosis> located = new HashMap<>();
    for (Diagnosis d : store.diagnoses()) {
      if (d.kind() == FaultKind.LINK_LOSS) {
        located.merge(d.target(), d, (x, y) -> x.time().isAfter(y.time()) ? x : y);
      }
    }
    Set<String> rerouted = reroutesInPlace();
    Map<String, LiveState.PathLoss> loss = state.pathLoss();
    List<LinkView> links = new ArrayList<>();
    for (Link l : t.links()) {
      // A link no path crosses now (a backbone link traffic was moved off) carries no site's data:
      // like the routers, everyone sees it, or no one could see it being restored.
      Set<String> carried = sitesOf(l.resource(), t);
      if (!carried.isEmpty() && !touches(carried, covered)) {
        continue;
      }
      Diagnosis d = located.get("link:" + l.id());
      LinkState s = d == null ? LinkState.OK : rerouted.contains("link:" + l.id()) ? LinkState.REROUTED
          : LinkState.LOSSY;
      links.add(new LinkView(l.id(), l.a(), l.b(), l.cost(), s, d == null ? null : d.id(),
          d == null ? null : d.details().get("estimatedLoss"),
          t.pathsCrossing(l.id()).stream().filter(p -> covered.test(p.src()) || covered.test(p.dst()))
              .map(Path::id).toList()));
    }
    List<PathView> paths = t.paths().stream().filter(p -> covered.test(p.src()) || covered.test(p.dst())).map(p -> {
      LiveState.PathLoss pl = loss.get(p.resource());
      List<String> usual = rerouted.isEmpty() ? p.links()
          : Routes.shortest(t.links(), p.src(), p.dst(), Set.of()).orElse(p.links());
      boolean moved = usual.stream().anyMatch(l -> rerouted.contains("link:" + l) && !p.links().contains(l));
      return new PathView(p.id(), p.src(), p.dst(), p.links(), pl == null ? null : pl.recentMean(),
          pl == null ? null : pl.baselineLoss(), moved, moved ? usual : null);
    }).toList();
    List<CallView> callViews = calls.get().stream()
        .filter(c -> touches(sitesOf("service:" + c.caller(), t), covered)
            || touches(sitesOf("service:" + c.callee(), t), covered))
        .map(c -> c.source() == LearnedCalls.Source.LEARNED
            ? new CallView(c.caller(), c.callee(), "learned", c.lastSeen(), c.calls())
            : new CallView(c.caller(), c.callee(), "topology", null, null))
        .toList();
    return new TopologyView(t.sites().stream().map(s -> s.id()).filter(covered).toList(), t.routers(), links, paths,
        callViews);
  }

  /**
   * The sites a resource touches: a node's or service's own site ({@code node:edge-1/gpu1}), a
   * path's two ends, a link's ends that are sites and the ends of the paths crossing it (a backbone
   * link touches the sites whose traffic it carries); empty when none is known.
   */
  public static Set<String> sitesOf(String resource, Topology t) {
    int colon = resource.indexOf(':');
    String type = colon < 0 ? "" : resource.substring(0, colon);
    String id = resource.substring(colon + 1);
    Set<String> siteIds = t.sites().stream().map(s -> s.id()).collect(Collectors.toSet());
    Set<String> out = new java.util.TreeSet<>();
    switch (type) {
      case "link" -> t.links().stream().filter(l -> l.id().equals(id)).forEach(l -> {
        List.of(l.a(), l.b()).stream().filter(siteIds::contains).forEach(out::add);
        t.pathsCrossing(l.id()).forEach(p -> {
          out.add(p.src());
          out.add(p.dst());
        });
      });
      case "path" -> t.paths().stream().filter(p -> p.resource().equals(resource)).forEach(p -> {
        out.add(p.src());
        out.add(p.dst());
      });
      case "site" -> out.add(id);
      default -> {
        int slash = id.indexOf('/');
        if (slash > 0) {
          out.add(id.substring(0, slash));
        }
      }
    }
    return out;
  }

  private static boolean touches(Set<String> sites, Predicate<String> covered) {
    return sites.stream().anyMatch(covered);
  }

  /** Whether a diagnosis is of a covered site: by what its target touches, else the site that made it. */
  private boolean covers(Diagnosis d, Topology t, Predicate<String> covered) {
    Set<String> sites = sitesOf(d.target(), t);
    return sites.isEmpty() ? covered.test(d.site()) : touches(sites, covered);
  }

  /** Targets of reroutes applied and neither rolled back nor undone since. */
  private Set<String> reroutesInPlace() {
    Map<String, ActionEvent> last = new LinkedHashMap<>();
    for (ActionEvent e : store.auditLog()) {
      if (e.action().kind() == ActionKind.REROUTE) {
        last.put(e.action().id(), e);
      }
    }
    return last.values().stream()
        .filter(e -> e.state() == ActionState.APPLIED || e.state() == ActionState.VERIFIED)
        .map(e -> e.action().target()).collect(Collectors.toSet());
  }

  public List<DiagnosisView> diagnoses() {
    return diagnoses(site -> true);
  }

  /** The latest diagnoses of the sites {@code covered} accepts. */
  public List<DiagnosisView> diagnoses(Predicate<String> covered) {
    Topology t = topology.get();
    return store.diagnoses().stream().filter(d -> covers(d, t, covered))
        .sorted(Comparator.comparing(Diagnosis::time).reversed()).limit(LIMIT)
        .map(d -> new DiagnosisView(d.id(), d.time(), d.kind(), d.target(), d.confidence(), d.evidence(),
            d.details(), d.locator(), RankedCause.of(d))).toList();
  }

  public List<IncidentView> incidents() {
    return incidents(site -> true);
  }

  /** The latest incidents of the sites {@code covered} accepts (by their diagnosis). */
  public List<IncidentView> incidents(Predicate<String> covered) {
    Topology now = topology.get();
    List<Alarm> alarms = store.alarms();
    Map<String, List<ActionEvent>> byTrigger = new HashMap<>();
    for (ActionEvent e : store.auditLog()) {
      byTrigger.computeIfAbsent(e.action().trigger(), k -> new ArrayList<>()).add(e);
    }
    List<IncidentView> out = new ArrayList<>();
    for (Diagnosis d : store.diagnoses()) {
      if (!covers(d, now, covered)) {
        continue;
      }
      Set<String> resources = new java.util.HashSet<>(d.evidence());
      resources.add(d.target());
      Instant detected = alarms.stream().filter(a -> resources.contains(a.resource()))
          .map(Alarm::raisedTime).filter(t -> !t.isAfter(d.time())).min(Comparator.naturalOrder()).orElse(d.time());
      List<ActionEvent> events = byTrigger.getOrDefault(d.id(), List.of());
      Instant mitigated = first(events, ActionState.APPLIED);
      Instant verified = first(events, ActionState.VERIFIED);
      ActionEvent lastEvent = events.isEmpty() ? null : events.get(events.size() - 1);
      out.add(new IncidentView(d.id(), d.kind(), d.target(), detected, d.time(), mitigated, verified,
          lastEvent == null ? null : lastEvent.action().id(), lastEvent == null ? null : lastEvent.state(),
          Duration.between(detected, d.time()), verified == null ? null : Duration.between(detected, verified)));
    }
    out.sort(Comparator.comparing(IncidentView::located).reversed());
    return out.size() > LIMIT ? out.subList(0, LIMIT) : out;
  }

  private static Instant first(List<ActionEvent> events, ActionState s) {
    return events.stream().filter(e -> e.state() == s).map(ActionEvent::time).findFirst().orElse(null);
  }
}
