package io.sextant.node.central.config;

import io.sextant.common.config.ConfigException;
import static io.sextant.common.config.YamlFields.bool;
import static io.sextant.common.config.YamlFields.integer;
import static io.sextant.common.config.YamlFields.known;
import static io.sextant.common.config.YamlFields.map;
import static io.sextant.common.config.YamlFields.number;

import io.sextant.common.topology.Link;
import io.sextant.common.topology.Node;
import io.sextant.common.topology.Routes;
import io.sextant.common.topology.Service;
import io.sextant.common.topology.ServiceCalls;
import io.sextant.common.topology.Site;
import io.sextant.common.topology.Topology;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a live centre's topology from the YAML file an operator writes (format: docs/topology.md):
 * sites, backbone routers, inter-cloud links, optional nodes and services, and optional explicit
 * probe paths. A pair of sites without an explicit path is routed least-cost over the links, as
 * the simulated cloud routes its probes; an explicit {@code a>b} also stands for {@code b>a},
 * reversed, unless that is listed too, since a probe's reply comes back the same way.
 *
 * <p>Everything is checked before the centre reasons on it: unknown keys, references (a link end,
 * a path's link, a service's node or dependency), that services do not depend on each other in a
 * cycle, that an explicit path runs link by link from its source to its
 * destination without a loop, and that every pair of sites has a route. Every error is a
 * {@link ConfigException} naming the file and the field, e.g.
 * {@code topology.yaml: paths[2].links[1]: unknown link 'l-9'}.
 */
public final class TopologyFile {
  private static final Set<String> TOP = Set.of("sites", "routers", "links", "nodes", "services", "paths");
  private static final Set<String> SITE = Set.of("id", "kind");
  private static final Set<String> LINK = Set.of("id", "a", "b", "latency-ms", "cost");
  private static final Set<String> NODE = Set.of("id", "site", "cpus", "gpus");
  private static final Set<String> SERVICE = Set.of("id", "site", "node", "replicas", "needs-gpu", "depends-on");
  private static final Set<String> PATH = Set.of("src", "dst", "links");

  /** Routing metric of a link without {@code cost}. */
  public static final int DEFAULT_COST = 1;

  private TopologyFile() {}

  public static Topology read(java.nio.file.Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
    }
    return parse(text, file.toString());
  }

  /** Parses {@code text}; {@code source} (the file name) prefixes every error message. */
  public static Topology parse(String text, String source) {
    try {
      return parse(text);
    } catch (ConfigException e) {
      throw new ConfigException(source + ": " + e.getMessage(), e);
    }
  }

  private static Topology parse(String text) {
    Map<String, Object> top = io.sextant.common.config.YamlFields.topLevel(text, TOP);
    List<Site> sites = sites(top);
    Set<String> siteIds = Set.copyOf(sites.stream().map(Site::id).toList());
    List<String> routers = routers(top, siteIds);
    Set<String> endpoints = new HashSet<>(siteIds);
    endpoints.addAll(routers);
    Map<String, Link> links = links(top, endpoints);
    Map<String, Node> nodes = nodes(top, siteIds);
    List<Service> services = services(top, siteIds, nodes);
    List<io.sextant.common.topology.Path> paths = paths(top, sites, links);
    return new Topology(sites, routers, List.copyOf(nodes.values()), List.copyOf(links.values()), paths, services);
  }

  private static List<Site> sites(Map<String, Object> top) {
    List<Object> entries = list(top, "sites", "");
    if (entries.isEmpty()) {
      throw new ConfigException("sites: required, at least one site (- {id: central, kind: central} or - edge-1)");
    }
    List<Site> sites = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      String f = "sites[" + i + "]";
      Site site;
      if (entries.get(i) instanceof Map<?, ?>) {
        Map<String, Object> m = map(entries.get(i), f);
        known(m, SITE, f + ".");
        String kind = string(m, "kind", f + ".", "edge").toLowerCase(Locale.ROOT);
        site = new Site(id(m, f + "."), switch (kind) {
          case "central" -> Site.Kind.CENTRAL;
          case "edge" -> Site.Kind.EDGE;
          default -> throw new ConfigException(f + ".kind: must be central or edge, got '" + kind + "'");
        });
      } else {
        site = new Site(scalar(entries.get(i), f), Site.Kind.EDGE); // "- edge-1": an edge site
      }
      if (site.id().contains(">")) {
        throw new ConfigException(f + ": site id '" + site.id() + "' must not contain '>' (it separates a path's ends)");
      }
      if (!seen.add(site.id())) {
        throw new ConfigException(f + ": duplicate site '" + site.id() + "'");
      }
      sites.add(site);
    }
    List<String> central = sites.stream().filter(s -> s.kind() == Site.Kind.CENTRAL).map(Site::id).toList();
    if (central.size() > 1) {
      throw new ConfigException("sites: at most one site is central, got " + central);
    }
    return sites;
  }

  private static List<String> routers(Map<String, Object> top, Set<String> sites) {
    List<Object> entries = list(top, "routers", "");
    List<String> routers = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      String f = "routers[" + i + "]";
      String r = scalar(entries.get(i), f);
      if (sites.contains(r)) {
        throw new ConfigException(f + ": '" + r + "' is already a site; a link end must name one thing");
      }
      if (routers.contains(r)) {
        throw new ConfigException(f + ": duplicate router '" + r + "'");
      }
      routers.add(r);
    }
    return routers;
  }

  private static Map<String, Link> links(Map<String, Object> top, Set<String> endpoints) {
    List<Object> entries = list(top, "links", "");
    Map<String, Link> links = new LinkedHashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      String f = "links[" + i + "]";
      String p = f + ".";
      Map<String, Object> m = map(entries.get(i), f);
      known(m, LINK, p);
      String a = endpoint(m, "a", p, endpoints);
      String b = endpoint(m, "b", p, endpoints);
      if (a.equals(b)) {
        throw new ConfigException(f + ": a and b are both '" + a + "'; a link joins two different ends");
      }
      String id = m.containsKey("id") ? id(m, p) : Link.idOf(a, b);
      if (links.containsKey(id)) {
        throw new ConfigException(p + "id: duplicate link '" + id + "'"
            + (m.containsKey("id") ? "" : " (two links between the same ends need an id each)"));
      }
      double latency = number(m, "latency-ms", p, 0);
      if (!(latency >= 0)) {
        throw new ConfigException(p + "latency-ms: must be >= 0, got " + latency);
      }
      long cost = integer(m, "cost", p, DEFAULT_COST);
      if (cost <= 0 || cost > Integer.MAX_VALUE) {
        throw new ConfigException(p + "cost: must be a whole number > 0, got " + cost);
      }
      links.put(id, new Link(id, a, b, latency, (int) cost));
    }
    return links;
  }

  private static Map<String, Node> nodes(Map<String, Object> top, Set<String> sites) {
    List<Object> entries = list(top, "nodes", "");
    Map<String, Node> nodes = new LinkedHashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      String f = "nodes[" + i + "]";
      String p = f + ".";
      Map<String, Object> m = map(entries.get(i), f);
      known(m, NODE, p);
      String id = id(m, p);
      if (nodes.containsKey(id)) {
        throw new ConfigException(p + "id: duplicate node '" + id + "'");
      }
      String site = reference(m, "site", p, sites, "site");
      long cpus = integer(m, "cpus", p, 0);
      if (cpus <= 0 || cpus > Integer.MAX_VALUE) {
        throw new ConfigException(p + "cpus: required, a whole number > 0" + (m.containsKey("cpus") ? ", got " + cpus : ""));
      }
      long gpus = integer(m, "gpus", p, 0);
      if (gpus < 0 || gpus > Integer.MAX_VALUE) {
        throw new ConfigException(p + "gpus: must be a whole number >= 0, got " + gpus);
      }
      nodes.put(id, new Node(id, site, (int) cpus, (int) gpus));
    }
    return nodes;
  }

  private static List<Service> services(Map<String, Object> top, Set<String> sites, Map<String, Node> nodes) {
    List<Object> entries = list(top, "services", "");
    List<Service> services = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      String f = "services[" + i + "]";
      String p = f + ".";
      Map<String, Object> m = map(entries.get(i), f);
      known(m, SERVICE, p);
      String id = id(m, p);
      if (!seen.add(id)) {
        throw new ConfigException(p + "id: duplicate service '" + id + "'");
      }
      Node node = nodes.get(reference(m, "node", p, nodes.keySet(), "node"));
      String site = m.containsKey("site") ? reference(m, "site", p, sites, "site") : node.site();
      if (!site.equals(node.site())) {
        throw new ConfigException(p + "site: node '" + node.id() + "' is at site '" + node.site() + "', not '" + site + "'");
      }
      long replicas = integer(m, "replicas", p, 1);
      if (replicas <= 0 || replicas > Integer.MAX_VALUE) {
        throw new ConfigException(p + "replicas: must be a whole number > 0, got " + replicas);
      }
      boolean needsGpu = bool(m, "needs-gpu", p, false);
      if (needsGpu && !node.hasGpu()) {
        throw new ConfigException(p + "needs-gpu: node '" + node.id() + "' has no GPU (gpus: 0)");
      }
      services.add(new Service(id, site, node.id(), (int) replicas, needsGpu, dependsOn(m, p, id)));
    }
    Set<String> ids = Set.copyOf(seen);
    for (int i = 0; i < services.size(); i++) {
      List<String> deps = services.get(i).dependsOn();
      for (int j = 0; j < deps.size(); j++) {
        if (!ids.contains(deps.get(j))) {
          throw new ConfigException("services[" + i + "].depends-on[" + j + "]: unknown service '" + deps.get(j) + "'");
        }
      }
    }
    List<String> cycle = ServiceCalls.cycle(services);
    if (!cycle.isEmpty()) {
      throw new ConfigException("services: depends-on goes round in a cycle: " + String.join(" -> ", cycle)
          + "; a fault could then travel round it without end, so a dependency must not lead back to its caller");
    }
    return services;
  }

  private static List<String> dependsOn(Map<String, Object> m, String p, String id) {
    List<Object> entries = list(m, "depends-on", p);
    List<String> deps = new ArrayList<>();
    for (int j = 0; j < entries.size(); j++) {
      String f = p + "depends-on[" + j + "]";
      String dep = scalar(entries.get(j), f);
      if (dep.equals(id)) {
        throw new ConfigException(f + ": service '" + id + "' cannot depend on itself");
      }
      if (deps.contains(dep)) {
        throw new ConfigException(f + ": '" + dep + "' is listed twice");
      }
      deps.add(dep);
    }
    return deps;
  }

  /**
   * One path per ordered pair of distinct sites, in site order: listed, the mirror of a listed
   * one, or the least-cost route.
   */
  private static List<io.sextant.common.topology.Path> paths(Map<String, Object> top, List<Site> sites,
      Map<String, Link> links) {
    Set<String> siteIds = Set.copyOf(sites.stream().map(Site::id).toList());
    Map<String, List<String>> listed = new LinkedHashMap<>();
    List<Object> entries = list(top, "paths", "");
    for (int i = 0; i < entries.size(); i++) {
      String f = "paths[" + i + "]";
      String p = f + ".";
      Map<String, Object> m = map(entries.get(i), f);
      known(m, PATH, p);
      String src = reference(m, "src", p, siteIds, "site");
      String dst = reference(m, "dst", p, siteIds, "site");
      if (src.equals(dst)) {
        throw new ConfigException(p + "dst: same as src '" + src + "'; a path joins two different sites");
      }
      String id = io.sextant.common.topology.Path.idOf(src, dst);
      if (listed.containsKey(id)) {
        throw new ConfigException(f + ": duplicate path " + id);
      }
      listed.put(id, route(m, p, src, dst, links));
    }
    List<io.sextant.common.topology.Path> paths = new ArrayList<>();
    for (Site s : sites) {
      for (Site d : sites) {
        if (s.equals(d)) {
          continue;
        }
        List<String> route = listed.get(io.sextant.common.topology.Path.idOf(s.id(), d.id()));
        if (route == null) {
          List<String> back = listed.get(io.sextant.common.topology.Path.idOf(d.id(), s.id()));
          route = back != null ? reversed(back) : Routes.shortest(links.values(), s.id(), d.id(), Set.of())
              .orElseThrow(() -> new ConfigException("paths: no route from '" + s.id() + "' to '" + d.id()
                  + "' over the links; add a link, since every pair of sites is probed"));
        }
        paths.add(new io.sextant.common.topology.Path(s.id(), d.id(), route));
      }
    }
    return paths;
  }

  /** The listed links of a path, checked to run link by link from src to dst without a loop. */
  private static List<String> route(Map<String, Object> m, String p, String src, String dst, Map<String, Link> links) {
    List<Object> entries = list(m, "links", p);
    if (entries.isEmpty()) {
      throw new ConfigException(p + "links: required, the links from " + src + " to " + dst + " in order");
    }
    List<String> route = new ArrayList<>();
    Set<String> visited = new HashSet<>(Set.of(src));
    String at = src;
    for (int j = 0; j < entries.size(); j++) {
      String f = p + "links[" + j + "]";
      String id = scalar(entries.get(j), f);
      Link l = links.get(id);
      if (l == null) {
        throw new ConfigException(f + ": unknown link '" + id + "'");
      }
      if (!l.a().equals(at) && !l.b().equals(at)) {
        throw new ConfigException(f + ": link '" + id + "' joins " + l.a() + " and " + l.b()
            + ", it does not continue from '" + at + "'");
      }
      at = l.other(at);
      if (!visited.add(at)) {
        throw new ConfigException(f + ": link '" + id + "' comes back to '" + at + "'; a path must not loop");
      }
      route.add(id);
    }
    if (!at.equals(dst)) {
      throw new ConfigException(p + "links: end at '" + at + "', not at dst '" + dst + "'");
    }
    return List.copyOf(route);
  }

  private static List<String> reversed(List<String> route) {
    List<String> r = new ArrayList<>(route);
    Collections.reverse(r);
    return List.copyOf(r);
  }

  private static String endpoint(Map<String, Object> m, String key, String p, Set<String> endpoints) {
    String v = required(m, key, p);
    if (!endpoints.contains(v)) {
      throw new ConfigException(p + key + ": unknown end '" + v + "' (not a site or a router)");
    }
    return v;
  }

  private static String reference(Map<String, Object> m, String key, String p, Set<String> known, String what) {
    String v = required(m, key, p);
    if (!known.contains(v)) {
      throw new ConfigException(p + key + ": unknown " + what + " '" + v + "'");
    }
    return v;
  }

  private static String id(Map<String, Object> m, String p) {
    return required(m, "id", p);
  }

  private static String required(Map<String, Object> m, String key, String p) {
    String v = string(m, key, p, null);
    if (v == null || v.isBlank()) {
      throw new ConfigException(p + key + ": required");
    }
    return v;
  }

  /** A list section; absent or empty (every entry commented out) is empty. */
  @SuppressWarnings("unchecked")
  private static List<Object> list(Map<String, Object> m, String key, String prefix) {
    Object v = m.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> l)) {
      throw new ConfigException(prefix + key + ": must be a list (- ...)");
    }
    return (List<Object>) l;
  }

  private static String scalar(Object v, String field) {
    if (v == null || v instanceof Map || v instanceof List) {
      throw new ConfigException(field + ": must be a single value (an id)");
    }
    return String.valueOf(v);
  }

  private static String string(Map<String, Object> m, String key, String prefix, String dflt) {
    Object v = m.get(key);
    return v == null ? dflt : scalar(v, prefix + key);
  }

}
