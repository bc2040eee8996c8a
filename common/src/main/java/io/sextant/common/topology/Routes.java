package io.sextant.common.topology;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/** Least-cost routing over inter-cloud links, optionally avoiding some links. */
public final class Routes {
  private Routes() {}

  /**
   * The least-cost route from {@code src} to {@code dst} as link ids in order, or empty when
   * {@code avoid} disconnects them. Ties break on link id so routes are reproducible.
   */
  public static Optional<List<String>> shortest(Collection<Link> links, String src, String dst, Set<String> avoid) {
    Map<String, List<Link>> adjacent = new HashMap<>();
    for (Link l : links) {
      if (!avoid.contains(l.id())) {
        adjacent.computeIfAbsent(l.a(), k -> new ArrayList<>()).add(l);
        adjacent.computeIfAbsent(l.b(), k -> new ArrayList<>()).add(l);
      }
    }
    record Hop(String at, long cost, String key) {}
    Map<String, Long> best = new HashMap<>();
    Map<String, Link> via = new HashMap<>();
    PriorityQueue<Hop> queue = new PriorityQueue<>((x, y) -> x.cost != y.cost
        ? Long.compare(x.cost, y.cost) : x.key.compareTo(y.key));
    best.put(src, 0L);
    queue.add(new Hop(src, 0, ""));
    while (!queue.isEmpty()) {
      Hop hop = queue.poll();
      if (hop.cost > best.getOrDefault(hop.at, Long.MAX_VALUE)) {
        continue;
      }
      if (hop.at.equals(dst)) {
        break;
      }
      List<Link> out = adjacent.getOrDefault(hop.at, List.of());
      out.sort((x, y) -> x.id().compareTo(y.id()));
      for (Link l : out) {
        String next = l.other(hop.at);
        long cost = hop.cost + l.cost();
        if (cost < best.getOrDefault(next, Long.MAX_VALUE)) {
          best.put(next, cost);
          via.put(next, l);
          queue.add(new Hop(next, cost, hop.key + "/" + l.id()));
        }
      }
    }
    if (!best.containsKey(dst)) {
      return Optional.empty();
    }
    List<String> route = new ArrayList<>();
    for (String at = dst; !at.equals(src); ) {
      Link l = via.get(at);
      route.add(l.id());
      at = l.other(at);
    }
    Collections.reverse(route);
    return Optional.of(route);
  }
}
