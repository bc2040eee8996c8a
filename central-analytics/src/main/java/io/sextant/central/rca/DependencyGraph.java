package io.sextant.central.rca;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which component can cause a fault seen in which: an edge {@code cause → effect} means
 * {@code effect} calls (depends on) {@code cause}, so a slow or failing {@code cause} can show in
 * {@code effect}. Cycles are allowed (services that call each other); iteration orders are sorted,
 * so a ranking is the same on every run.
 */
public final class DependencyGraph {
  /** One edge: {@code effect} depends on {@code cause}. */
  public record Edge(String cause, String effect) {
    public Edge {
      if (cause == null || cause.isBlank() || effect == null || effect.isBlank()) {
        throw new IllegalArgumentException("an edge needs a cause and an effect, got " + cause + " -> " + effect);
      }
    }
  }

  private final Map<String, Set<String>> causesOf = new TreeMap<>();
  private final Map<String, Set<String>> effectsOf = new TreeMap<>();

  public DependencyGraph(List<Edge> edges, Set<String> isolated) {
    for (String n : isolated) {
      node(n);
    }
    for (Edge e : edges) {
      node(e.cause());
      node(e.effect());
      if (!e.cause().equals(e.effect())) {
        causesOf.get(e.effect()).add(e.cause());
        effectsOf.get(e.cause()).add(e.effect());
      }
    }
  }

  public static DependencyGraph of(List<Edge> edges) {
    return new DependencyGraph(edges, Set.of());
  }

  private void node(String n) {
    causesOf.computeIfAbsent(n, k -> new TreeSet<>());
    effectsOf.computeIfAbsent(n, k -> new TreeSet<>());
  }

  public Set<String> nodes() {
    return Collections.unmodifiableSet(causesOf.keySet());
  }

  public boolean contains(String component) {
    return causesOf.containsKey(component);
  }

  /** The components {@code effect} calls directly. */
  public Set<String> causesOf(String effect) {
    return Collections.unmodifiableSet(causesOf.getOrDefault(effect, Set.of()));
  }

  /** The components that call {@code cause} directly. */
  public Set<String> effectsOf(String cause) {
    return Collections.unmodifiableSet(effectsOf.getOrDefault(cause, Set.of()));
  }

  /** {@code component} and everything it depends on, transitively (breadth first, then sorted per level). */
  public Set<String> candidatesFor(String component) {
    if (!contains(component)) {
      throw new IllegalArgumentException("'" + component + "' is not a node of the dependency graph");
    }
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    todo.add(component);
    seen.add(component);
    while (!todo.isEmpty()) {
      for (String c : causesOf(todo.poll())) {
        if (seen.add(c)) {
          todo.add(c);
        }
      }
    }
    return seen;
  }
}
