package io.sextant.central.locate.bench;

import io.sextant.common.topology.Link;
import io.sextant.common.topology.Path;
import io.sextant.common.topology.Site;
import io.sextant.common.topology.Topology;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Seeded random inter-cloud meshes of a given number of links, shaped like an operator's: edge
 * sites hang off points of presence (PoPs), a quarter of them dual-homed; the PoPs form a
 * connected backbone of random links, a tenth of which run through a transit router that no
 * site uses (two links in series, crossed by the same paths: not identifiable); every ordered
 * pair of sites is a probe path on its least-cost route. A mesh of N links has N/5 sites (a
 * quarter of the links are access links), about 0.3·N PoPs and N²/25 paths.
 */
public final class RandomMesh {
  private RandomMesh() {}

  /** A mesh of exactly {@code links} links (at least 12). */
  public static Topology generate(int links, long seed) {
    if (links < 12) {
      throw new IllegalArgumentException("links must be at least 12, got " + links);
    }
    SplittableRandom random = new SplittableRandom(seed);
    int sites = Math.max(4, links / 5);
    int dualHomed = sites / 4;
    int backbone = links - sites - dualHomed;
    // A backbone of mean degree 5, as operators' PoP meshes go.
    int pops = Math.max(3, 2 * backbone / 5);
    Map<String, Link> all = new LinkedHashMap<>();
    List<String> siteIds = names("s", sites);
    List<String> popIds = names("p", pops);
    List<String> transit = new ArrayList<>();
    for (int i = 0; i < sites; i++) {
      add(all, siteIds.get(i), popIds.get(random.nextInt(pops)), 1);
    }
    for (int i = 0; i < dualHomed; i++) {
      String s = siteIds.get(random.nextInt(sites));
      String p = popIds.get(random.nextInt(pops));
      if (!all.containsKey(Link.idOf(s, p))) {
        add(all, s, p, 1 + random.nextInt(2));
      }
    }
    // A spanning tree first, so the backbone is connected, then random PoP pairs up to the size.
    for (int i = 1; i < pops && all.size() < links; i++) {
      addBackbone(all, transit, popIds.get(i), popIds.get(random.nextInt(i)), random, links);
    }
    for (int tries = 0; all.size() < links && tries < 100 * links; tries++) {
      String a = popIds.get(random.nextInt(pops));
      String b = popIds.get(random.nextInt(pops));
      if (!a.equals(b) && !all.containsKey(Link.idOf(a, b))) {
        addBackbone(all, transit, a, b, random, links);
      }
    }
    List<Link> linkList = new ArrayList<>(all.values());
    List<String> routers = new ArrayList<>(popIds);
    routers.addAll(transit);
    List<Path> paths = routes(siteIds, linkList);
    return new Topology(siteIds.stream().map(s -> new Site(s, Site.Kind.EDGE)).toList(), routers, List.of(),
        linkList, paths, List.of());
  }

  /** A PoP-to-PoP link, one time in ten as two links through a new transit router when room is left. */
  private static void addBackbone(Map<String, Link> all, List<String> transit, String a, String b,
      SplittableRandom random, int limit) {
    int cost = 1 + random.nextInt(3);
    if (all.size() + 2 <= limit && random.nextInt(10) == 0) {
      String t = "t" + transit.size();
      transit.add(t);
      add(all, a, t, cost);
      add(all, t, b, 1);
    } else {
      add(all, a, b, cost);
    }
  }

  private static void add(Map<String, Link> all, String a, String b, int cost) {
    Link l = new Link(Link.idOf(a, b), a, b, 1.0, cost);
    all.put(l.id(), l);
  }

  /**
   * Least-cost routes from every site to every other, one Dijkstra per source; ties are broken
   * by node and link order, so a seed gives the same mesh on every run.
   */
  static List<Path> routes(List<String> sites, List<Link> links) {
    Map<String, Integer> node = new HashMap<>();
    for (Link l : links) {
      node.putIfAbsent(l.a(), node.size());
      node.putIfAbsent(l.b(), node.size());
    }
    List<List<Link>> adjacent = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      adjacent.add(new ArrayList<>());
    }
    for (Link l : links) {
      adjacent.get(node.get(l.a())).add(l);
      adjacent.get(node.get(l.b())).add(l);
    }
    adjacent.forEach(list -> list.sort((x, y) -> x.id().compareTo(y.id())));
    String[] name = new String[node.size()];
    node.forEach((k, v) -> name[v] = k);
    Set<String> siteSet = new HashSet<>(sites);
    List<Path> paths = new ArrayList<>();
    for (String src : sites) {
      long[] dist = new long[node.size()];
      Link[] via = new Link[node.size()];
      Arrays.fill(dist, Long.MAX_VALUE);
      int s = node.get(src);
      dist[s] = 0;
      PriorityQueue<long[]> queue = new PriorityQueue<>((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0])
          : Long.compare(x[1], y[1]));
      queue.add(new long[] {0, s});
      while (!queue.isEmpty()) {
        long[] top = queue.poll();
        int at = (int) top[1];
        if (top[0] > dist[at]) {
          continue;
        }
        String atId = name[at];
        // Sites do not carry transit traffic: a route enters a site only as its destination.
        if (at != s && siteSet.contains(atId)) {
          continue;
        }
        for (Link l : adjacent.get(at)) {
          int next = node.get(l.other(atId));
          long cost = dist[at] + l.cost();
          if (cost < dist[next]) {
            dist[next] = cost;
            via[next] = l;
            queue.add(new long[] {cost, next});
          }
        }
      }
      for (String dst : sites) {
        if (dst.equals(src)) {
          continue;
        }
        List<String> route = new ArrayList<>();
        int at = node.get(dst);
        if (via[at] == null) {
          continue; // not connected: no probe path (cannot happen with the spanning tree)
        }
        while (at != s) {
          Link l = via[at];
          route.add(0, l.id());
          at = node.get(l.other(name[at]));
        }
        paths.add(new Path(src, dst, route));
      }
    }
    return paths;
  }

  private static List<String> names(String prefix, int count) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add(prefix + i);
    }
    return names;
  }
}
