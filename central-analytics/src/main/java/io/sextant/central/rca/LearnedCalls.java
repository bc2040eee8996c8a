package io.sextant.central.rca;

import io.sextant.common.model.Sample;
import io.sextant.common.topology.Service;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls between services the edges learned from traces ({@value #METRIC} samples, labels
 * {@code caller} and {@code callee}: the caller depends on the callee), kept until none was seen for
 * {@code maxAge}, and their union with the topology file's {@code depends-on}.
 *
 * <p>The file is the operator's word and always wins: a learned call that would close a cycle with
 * the edges already taken (the file's first, then the learned ones in sorted order, so the result
 * is the same on every run) is skipped and logged once. At most {@code maxEdges} distinct calls are
 * kept; the samples of others are counted and dropped, so a misbehaving edge cannot grow the graph
 * the ranking walks without bound. Not thread-safe: its owner calls it under its own lock.
 */
public final class LearnedCalls {
  public static final String METRIC = "service_calls";
  public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(1);
  public static final int DEFAULT_MAX_EDGES = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(LearnedCalls.class);

  /** Where a call edge comes from. */
  public enum Source {
    TOPOLOGY,
    LEARNED
  }

  /** {@code caller} depends on {@code callee}; for a learned one, when last seen and how many calls so far. */
  public record Call(String caller, String callee, Source source, Instant lastSeen, long calls) {}

  /** The union: edges and nodes for the {@link DependencyGraph}, and the calls taken. */
  public record Union(List<DependencyGraph.Edge> edges, Set<String> nodes, List<Call> calls) {
    public DependencyGraph graph() {
      return new DependencyGraph(edges, nodes);
    }
  }

  private record Key(String caller, String callee) {}

  private final Duration maxAge;
  private final int maxEdges;
  private final Map<Key, Call> learned = new TreeMap<>((a, b) -> a.caller().equals(b.caller())
      ? a.callee().compareTo(b.callee()) : a.caller().compareTo(b.caller()));
  private final Set<Key> loggedCycles = new HashSet<>();
  private long dropped;
  private long bad;

  public LearnedCalls(Duration maxAge, int maxEdges) {
    if (maxAge.isNegative() || maxAge.isZero() || maxEdges <= 0) {
      throw new IllegalArgumentException("maxAge and maxEdges must be > 0, got " + maxAge + ", " + maxEdges);
    }
    this.maxAge = maxAge;
    this.maxEdges = maxEdges;
  }

  public LearnedCalls() {
    this(DEFAULT_MAX_AGE, DEFAULT_MAX_EDGES);
  }

  public void onSamples(List<Sample> samples) {
    for (Sample s : samples) {
      if (!s.metric().equals(METRIC)) {
        continue;
      }
      String caller = s.labels().get("caller");
      String callee = s.labels().get("callee");
      if (caller == null || callee == null || caller.isBlank() || callee.isBlank() || caller.equals(callee)
          || !(s.value() > 0)) {
        bad++;
        continue;
      }
      Key k = new Key(caller, callee);
      Call old = learned.get(k);
      if (old == null && learned.size() >= maxEdges) {
        dropped++;
        continue;
      }
      long n = (old == null ? 0 : old.calls()) + (long) s.value();
      Instant last = old == null || s.time().isAfter(old.lastSeen()) ? s.time() : old.lastSeen();
      learned.put(k, new Call(caller, callee, Source.LEARNED, last, n));
    }
  }

  /**
   * The topology's {@code depends-on} and the calls seen within {@code maxAge} of {@code now} (older
   * ones are forgotten), less the learned ones that would close a cycle.
   */
  public Union union(List<Service> services, Instant now) {
    learned.values().removeIf(c -> c.lastSeen().isBefore(now.minus(maxAge)));
    Set<String> nodes = new HashSet<>();
    Map<String, Set<String>> deps = new HashMap<>();
    List<Call> calls = new ArrayList<>();
    services.forEach(s -> nodes.add(s.id()));
    for (Service s : services) {
      for (String dep : s.dependsOn()) {
        if (nodes.contains(dep) && deps.computeIfAbsent(s.id(), k -> new HashSet<>()).add(dep)) {
          calls.add(new Call(s.id(), dep, Source.TOPOLOGY, null, 0));
        }
      }
    }
    for (Map.Entry<Key, Call> e : learned.entrySet()) {
      Call c = e.getValue();
      if (deps.getOrDefault(c.caller(), Set.of()).contains(c.callee())) {
        continue; // the file says it already
      }
      if (reaches(deps, c.callee(), c.caller())) {
        if (loggedCycles.add(e.getKey())) {
          LOG.warn("learned call {} -> {} left out of the dependency graph: {} already depends on {}", c.caller(),
              c.callee(), c.callee(), c.caller());
        }
        continue;
      }
      deps.computeIfAbsent(c.caller(), k -> new HashSet<>()).add(c.callee());
      nodes.add(c.caller());
      nodes.add(c.callee());
      calls.add(c);
    }
    List<DependencyGraph.Edge> edges = calls.stream().map(c -> new DependencyGraph.Edge(c.callee(), c.caller())).toList();
    return new Union(edges, nodes, List.copyOf(calls));
  }

  /** Whether {@code from} depends on {@code to}, directly or through others. */
  private static boolean reaches(Map<String, Set<String>> deps, String from, String to) {
    Set<String> seen = new HashSet<>();
    List<String> todo = new ArrayList<>(List.of(from));
    while (!todo.isEmpty()) {
      String n = todo.remove(todo.size() - 1);
      if (n.equals(to)) {
        return true;
      }
      if (seen.add(n)) {
        todo.addAll(deps.getOrDefault(n, Set.of()));
      }
    }
    return false;
  }

  /** Learned calls held now (unexpired ones, and any not yet pruned by a {@link #union}). */
  public int held() {
    return learned.size();
  }

  /** Learned calls not kept because {@code maxEdges} distinct ones were held. */
  public long dropped() {
    return dropped;
  }

  /** {@value #METRIC} samples without a caller or a callee, to itself, or with no calls. */
  public long bad() {
    return bad;
  }
}
