package io.sextant.common.topology;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A snapshot of the distributed cloud: sites, backbone routers, nodes, inter-cloud links, the
 * current probe paths between sites and where services run. Immutable: a change (a reroute, a
 * migration) makes a new snapshot.
 */
public record Topology(
    List<Site> sites,
    List<String> routers,
    List<Node> nodes,
    List<Link> links,
    List<Path> paths,
    List<Service> services) {

  public Topology {
    sites = List.copyOf(sites);
    routers = List.copyOf(routers);
    nodes = List.copyOf(nodes);
    links = List.copyOf(links);
    paths = List.copyOf(paths);
    services = List.copyOf(services);
  }

  public Optional<Link> link(String id) {
    return links.stream().filter(l -> l.id().equals(id)).findFirst();
  }

  public Optional<Node> node(String id) {
    return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
  }

  public Optional<Service> service(String id) {
    return services.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  public Optional<Path> path(String id) {
    return paths.stream().filter(p -> p.id().equals(id)).findFirst();
  }

  public List<Path> pathsFrom(String site) {
    return paths.stream().filter(p -> p.src().equals(site)).toList();
  }

  public List<Path> pathsCrossing(String linkId) {
    return paths.stream().filter(p -> p.crosses(linkId)).toList();
  }

  public List<Node> nodesAt(String site) {
    return nodes.stream().filter(n -> n.site().equals(site)).toList();
  }

  public List<Service> servicesAt(String site) {
    return services.stream().filter(s -> s.site().equals(site)).toList();
  }

  public List<Service> servicesOn(String nodeId) {
    return services.stream().filter(s -> s.node().equals(nodeId)).toList();
  }

  public Map<String, Link> linksById() {
    return index(links, Link::id);
  }

  public Topology withPaths(List<Path> newPaths) {
    return new Topology(sites, routers, nodes, links, newPaths, services);
  }

  public Topology withServices(List<Service> newServices) {
    return new Topology(sites, routers, nodes, links, paths, newServices);
  }

  /** Replaces the path with the same id. */
  public Topology withPath(Path path) {
    List<Path> next = new ArrayList<>(paths);
    next.replaceAll(p -> p.id().equals(path.id()) ? path : p);
    return withPaths(next);
  }

  /** Replaces the service with the same id. */
  public Topology withService(Service service) {
    List<Service> next = new ArrayList<>(services);
    next.replaceAll(s -> s.id().equals(service.id()) ? service : s);
    return withServices(next);
  }

  private static <T> Map<String, T> index(List<T> items, Function<T, String> key) {
    return Collections.unmodifiableMap(items.stream()
        .collect(Collectors.toMap(key, Function.identity(), (x, y) -> x, LinkedHashMap::new)));
  }
}
