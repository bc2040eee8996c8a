package io.sextant.central.locate;

import io.sextant.common.topology.Link;
import io.sextant.common.topology.Path;
import io.sextant.common.topology.Routes;
import io.sextant.common.topology.Site;
import io.sextant.common.topology.Topology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/** Hand-built and seeded random topologies whose probe paths are the least-cost routes. */
final class Nets {
  private Nets() {}

  /** s0 — s1 — … — s(n-1), sites linked directly. */
  static Topology line(int sites) {
    List<Link> links = new ArrayList<>();
    for (int i = 1; i < sites; i++) {
      links.add(link("s" + (i - 1), "s" + i, 1));
    }
    return of(names("s", sites), List.of(), links);
  }

  /** Every site linked to one hub router. */
  static Topology star(int sites) {
    List<Link> links = new ArrayList<>();
    for (int i = 0; i < sites; i++) {
      links.add(link("hub", "s" + i, 1));
    }
    return of(names("s", sites), List.of("hub"), links);
  }

  /** A ring of routers; site {@code s_i} is dual-homed to {@code r_i} and {@code r_(i+1)}. */
  static Topology dualHomedRing(int routers) {
    List<Link> links = new ArrayList<>();
    for (int i = 0; i < routers; i++) {
      String next = "r" + (i + 1) % routers;
      links.add(link("r" + i, next, 1));
      links.add(link("s" + i, "r" + i, 1));
      links.add(link("s" + i, next, 2));
    }
    return of(names("s", routers), names("r", routers), links);
  }

  /**
   * A connected random mesh: a random spanning tree over sites and routers plus {@code extra}
   * random links, costs 1..3.
   */
  static Topology randomMesh(int sites, int routers, int extra, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> nodes = new ArrayList<>(names("s", sites));
    nodes.addAll(names("r", routers));
    Map<String, Link> links = new LinkedHashMap<>();
    for (int i = 1; i < nodes.size(); i++) {
      Link l = link(nodes.get(i), nodes.get(random.nextInt(i)), 1 + random.nextInt(3));
      links.put(l.id(), l);
    }
    for (int i = 0; i < extra; i++) {
      String a = nodes.get(random.nextInt(nodes.size()));
      String b = nodes.get(random.nextInt(nodes.size()));
      if (!a.equals(b)) {
        links.putIfAbsent(Link.idOf(a, b), link(a, b, 1 + random.nextInt(3)));
      }
    }
    return of(names("s", sites), names("r", routers), new ArrayList<>(links.values()));
  }

  /** A topology whose paths are the least-cost routes between every ordered pair of sites. */
  static Topology of(List<String> sites, List<String> routers, List<Link> links) {
    List<Path> paths = new ArrayList<>();
    for (String src : sites) {
      for (String dst : sites) {
        if (!src.equals(dst)) {
          List<String> route = Routes.shortest(links, src, dst, Set.of()).orElseThrow();
          paths.add(new Path(src, dst, route));
        }
      }
    }
    List<Site> siteList = sites.stream().map(s -> new Site(s, Site.Kind.EDGE)).toList();
    return new Topology(siteList, routers, List.of(), links, paths, List.of());
  }

  /** Link id → ids of the paths crossing it, for links on at least one path. */
  static Map<String, Set<String>> pathSets(Topology topology) {
    Map<String, Set<String>> sets = new LinkedHashMap<>();
    for (Link l : topology.links()) {
      Set<String> ids = new TreeSet<>();
      topology.pathsCrossing(l.id()).forEach(p -> ids.add(p.id()));
      if (!ids.isEmpty()) {
        sets.put(l.id(), ids);
      }
    }
    return sets;
  }

  /** Links that path measurements can single out: on some path, and no other link on exactly the same paths. */
  static List<String> identifiableLinks(Topology topology) {
    Map<String, Set<String>> sets = pathSets(topology);
    Map<Set<String>, Integer> counts = new HashMap<>();
    sets.values().forEach(s -> counts.merge(s, 1, Integer::sum));
    return sets.keySet().stream().filter(l -> counts.get(sets.get(l)) == 1).toList();
  }

  /** Pairs of identifiable links no path crosses together. */
  static List<List<String>> disjointPairs(Topology topology) {
    Map<String, Set<String>> sets = pathSets(topology);
    List<String> ids = identifiableLinks(topology);
    List<List<String>> pairs = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      for (int j = i + 1; j < ids.size(); j++) {
        Set<String> both = new HashSet<>(sets.get(ids.get(i)));
        both.retainAll(sets.get(ids.get(j)));
        if (both.isEmpty()) {
          pairs.add(List.of(ids.get(i), ids.get(j)));
        }
      }
    }
    return pairs;
  }

  static Link link(String a, String b, int cost) {
    return new Link(Link.idOf(a, b), a, b, 1.0, cost);
  }

  private static List<String> names(String prefix, int count) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add(prefix + i);
    }
    return names;
  }
}
