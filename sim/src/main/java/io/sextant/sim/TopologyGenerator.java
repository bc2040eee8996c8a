package io.sextant.sim;

import io.sextant.common.topology.Link;
import io.sextant.common.topology.Node;
import io.sextant.common.topology.Path;
import io.sextant.common.topology.Routes;
import io.sextant.common.topology.Service;
import io.sextant.common.topology.Site;
import io.sextant.common.topology.Topology;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds the simulated cloud's topology from a {@link CloudSpec}: backbone routers
 * {@code pop-1..pop-K} in a ring (plus one chord when K &gt;= 5), every site dual-homed (primary
 * access cost 1, secondary cost 3 on a ring neighbour of the primary, so a route never transits a
 * site), and a probe path for every ordered pair of sites.
 */
public final class TopologyGenerator {
  /** Seeded homings tried; the one that lets the probe mesh single out the most links wins. */
  static final int HOMING_CANDIDATES = 24;
  static final int MAX_SITES_PER_POP = 2;
  static final int PRIMARY_COST = 1;
  static final int SECONDARY_COST = 3;

  private TopologyGenerator() {}

  public static Topology generate(CloudSpec spec) {
    List<Site> sites = spec.siteIds().stream()
        .map(id -> new Site(id, id.equals(CloudSpec.CENTRAL) ? Site.Kind.CENTRAL : Site.Kind.EDGE))
        .toList();
    int k = routerCount(spec.edgeSites());
    List<String> routers = new ArrayList<>();
    for (int i = 1; i <= k; i++) {
      routers.add("pop-" + i);
    }
    List<Link> backbone = backbone(spec.seed(), routers);
    List<Node> nodes = nodes(sites);
    List<Service> services = services(sites);
    Topology best = null;
    int bestScore = -1;
    for (int c = 0; c < HOMING_CANDIDATES; c++) {
      List<Link> links = new ArrayList<>(backbone);
      links.addAll(access(spec.seed(), c, sites, routers));
      Topology t = new Topology(sites, routers, nodes, links, probeMesh(sites, links), services);
      int score = identifiableLinks(t).size();
      if (score > bestScore) {
        best = t;
        bestScore = score;
      }
    }
    return best;
  }

  /** K = max(3, ceil((N+1)/2) + 1): room for two sites per router and one transit-only router. */
  public static int routerCount(int edgeSites) {
    return Math.max(3, (edgeSites + 2) / 2 + 1);
  }

  /**
   * Links a path-to-link inference can single out: some path crosses the link, and no other link
   * is crossed by exactly the same set of paths. Link ids, sorted.
   */
  public static Set<String> identifiableLinks(Topology topology) {
    Map<String, Set<String>> crossing = new TreeMap<>();
    for (Link l : topology.links()) {
      crossing.put(l.id(), new TreeSet<>());
    }
    for (Path p : topology.paths()) {
      for (String l : p.links()) {
        crossing.computeIfAbsent(l, x -> new TreeSet<>()).add(p.id());
      }
    }
    Map<Set<String>, Integer> seen = new HashMap<>();
    crossing.values().forEach(s -> seen.merge(s, 1, Integer::sum));
    TreeSet<String> out = new TreeSet<>();
    crossing.forEach((link, paths) -> {
      if (!paths.isEmpty() && seen.get(paths) == 1) {
        out.add(link);
      }
    });
    return Collections.unmodifiableSet(out);
  }

  /** One least-cost path for every ordered pair of distinct sites. */
  static List<Path> probeMesh(List<Site> sites, List<Link> links) {
    List<Path> paths = new ArrayList<>();
    for (Site src : sites) {
      for (Site dst : sites) {
        if (!src.equals(dst)) {
          List<String> route = Routes.shortest(links, src.id(), dst.id(), Set.of())
              .orElseThrow(() -> new IllegalStateException("no route " + src.id() + " -> " + dst.id()));
          paths.add(new Path(src.id(), dst.id(), route));
        }
      }
    }
    return paths;
  }

  private static List<Link> backbone(long seed, List<String> routers) {
    int k = routers.size();
    List<Link> links = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      links.add(link(seed, routers.get(i), routers.get((i + 1) % k), 2, 10, PRIMARY_COST));
    }
    if (k >= 5) {
      int a = Seeds.rng(seed, "chord", 0).nextInt(k);
      links.add(link(seed, routers.get(a), routers.get((a + k / 2) % k), 2, 10, PRIMARY_COST));
    }
    return links;
  }

  private static List<Link> access(long seed, int candidate, List<Site> sites, List<String> routers) {
    SplittableRandom rng = Seeds.rng(seed, "homing", candidate);
    int k = routers.size();
    int[] load = new int[k];
    Map<String, int[]> homing = new HashMap<>();
    List<Site> order = new ArrayList<>(sites);
    for (int i = order.size() - 1; i > 0; i--) {
      Collections.swap(order, i, rng.nextInt(i + 1));
    }
    for (Site s : order) {
      int primary;
      do {
        primary = rng.nextInt(k);
      } while (load[primary] >= MAX_SITES_PER_POP);
      load[primary]++;
      int secondary = (primary + (rng.nextBoolean() ? 1 : k - 1)) % k;
      homing.put(s.id(), new int[] {primary, secondary});
    }
    List<Link> links = new ArrayList<>();
    for (Site s : sites) {
      int[] h = homing.get(s.id());
      links.add(link(seed, s.id(), routers.get(h[0]), 1, 4, PRIMARY_COST));
      links.add(link(seed, s.id(), routers.get(h[1]), 1, 4, SECONDARY_COST));
    }
    return links;
  }

  /** Latency is seeded per link id, so it does not depend on which homing candidate won. */
  private static Link link(long seed, String a, String b, double minMs, double maxMs, int cost) {
    String id = Link.idOf(a, b);
    double u = Seeds.rng(seed, "latency:" + id, 0).nextDouble();
    double latency = Math.round((minMs + (maxMs - minMs) * u) * 10) / 10.0;
    return new Link(id, a, b, latency, cost);
  }

  private static List<Node> nodes(List<Site> sites) {
    List<Node> nodes = new ArrayList<>();
    for (Site s : sites) {
      boolean central = s.kind() == Site.Kind.CENTRAL;
      int cpuNodes = central ? 4 : 3;
      for (int i = 1; i <= cpuNodes; i++) {
        nodes.add(new Node(s.id() + "/n" + i, s.id(), central ? 16 : 8, 0));
      }
      for (int i = 1; i <= 2; i++) {
        nodes.add(new Node(s.id() + "/gpu" + i, s.id(), central ? 32 : 16, central ? 8 : 4));
      }
    }
    return nodes;
  }

  private static List<Service> services(List<Site> sites) {
    List<Service> services = new ArrayList<>();
    for (Site s : sites) {
      String p = s.id() + "/";
      if (s.kind() == Site.Kind.CENTRAL) {
        services.add(new Service(p + "portal", s.id(), p + "n1", 2, false));
        services.add(new Service(p + "training", s.id(), p + "gpu1", 1, true));
      } else {
        // The front end calls the API: a slow or failing API shows in the web's KPIs too.
        services.add(new Service(p + "web", s.id(), p + "n1", 2, false, List.of(p + "api")));
        services.add(new Service(p + "api", s.id(), p + "n2", 2, false));
        services.add(new Service(p + "inference", s.id(), p + "gpu1", 1, true));
      }
    }
    return services;
  }
}
