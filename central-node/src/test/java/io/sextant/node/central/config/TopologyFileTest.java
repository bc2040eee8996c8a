package io.sextant.node.central.config;

import io.sextant.common.config.ConfigException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.common.topology.Link;
import io.sextant.common.topology.Node;
import io.sextant.common.topology.Path;
import io.sextant.common.topology.Service;
import io.sextant.common.topology.Site;
import io.sextant.common.topology.Topology;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TopologyFileTest {
  /** A square of routers r1..r4, sites a (on r1), b (on r2), c (on r3); r4 is transit only. */
  static final String SQUARE = """
      sites: [{id: a, kind: central}, b, c]
      routers: [r1, r2, r3, r4]
      links:
        - {a: a, b: r1}
        - {a: b, b: r2}
        - {a: c, b: r3}
        - {id: l-12, a: r1, b: r2, latency-ms: 4.5}
        - {id: l-23, a: r2, b: r3}
        - {id: l-34, a: r3, b: r4}
        - {id: l-41, a: r4, b: r1, cost: 2}
      """;

  @Test
  void theShippedExampleLoads() {
    Topology t = TopologyFile.read(java.nio.file.Path.of("../deploy/config/topology.yaml"));
    assertThat(t.sites()).containsExactly(new Site("central", Site.Kind.CENTRAL), new Site("edge-1", Site.Kind.EDGE),
        new Site("edge-2", Site.Kind.EDGE));
    assertThat(t.routers()).containsExactly("pop-1", "pop-2");
    assertThat(t.links()).extracting(Link::id)
        .containsExactly("central~pop-1", "central~pop-2", "edge-1~pop-1", "edge-2~pop-2", "backbone-1");
    assertThat(t.link("central~pop-2").orElseThrow()).isEqualTo(new Link("central~pop-2", "central", "pop-2", 3.5, 3));
    assertThat(t.paths()).hasSize(6);
    assertThat(t.path("edge-2>edge-1").orElseThrow().links()).containsExactly("edge-2~pop-2", "backbone-1", "edge-1~pop-1");
    assertThat(t.path("central>edge-2").orElseThrow().links())
        .containsExactly("central~pop-1", "backbone-1", "edge-2~pop-2");
    assertThat(t.nodes()).hasSize(4).filteredOn(Node::hasGpu).extracting(Node::id)
        .containsExactly("edge-1/gpu1", "edge-2/gpu1");
    assertThat(t.service("edge-1/web").orElseThrow())
        .isEqualTo(new Service("edge-1/web", "edge-1", "edge-1/n1", 2, false, List.of("edge-1/api")));
    assertThat(t.service("edge-2/inference").orElseThrow().needsGpu()).isTrue();
  }

  @Test
  void unlistedPairsTakeTheLeastCostRoute() {
    Topology t = TopologyFile.parse(SQUARE, "square.yaml");
    assertThat(t.paths()).extracting(Path::id)
        .containsExactly("a>b", "a>c", "b>a", "b>c", "c>a", "c>b");
    assertThat(t.path("a>b").orElseThrow().links()).containsExactly("a~r1", "l-12", "b~r2");
    // r1-r2-r3 costs 2, r1-r4-r3 costs 3: the least-cost route goes through r2, ties broken the same way every time.
    assertThat(t.path("a>c").orElseThrow().links()).containsExactly("a~r1", "l-12", "l-23", "c~r3");
    assertThat(t.path("c>a").orElseThrow().links()).containsExactly("c~r3", "l-23", "l-12", "a~r1");
    assertThat(t.link("l-12").orElseThrow().latencyMs()).isEqualTo(4.5);
    assertThat(t.link("a~r1").orElseThrow().cost()).isEqualTo(TopologyFile.DEFAULT_COST);
    assertThat(t.nodes()).isEmpty();
    assertThat(t.services()).isEmpty();
  }

  @Test
  void aListedPathWinsAndStandsForItsReverse() {
    Topology t = TopologyFile.parse(SQUARE + """
        paths:
          - {src: a, dst: c, links: [a~r1, l-41, l-34, c~r3]}
          - {src: b, dst: a, links: [b~r2, l-23, l-34, l-41, a~r1]}
        """, "square.yaml");
    assertThat(t.path("a>c").orElseThrow().links()).containsExactly("a~r1", "l-41", "l-34", "c~r3");
    assertThat(t.path("c>a").orElseThrow().links()).containsExactly("c~r3", "l-34", "l-41", "a~r1");
    assertThat(t.path("b>a").orElseThrow().links()).containsExactly("b~r2", "l-23", "l-34", "l-41", "a~r1");
    assertThat(t.path("a>b").orElseThrow().links()).containsExactly("a~r1", "l-41", "l-34", "l-23", "b~r2");
    assertThat(t.path("b>c").orElseThrow().links()).containsExactly("b~r2", "l-23", "c~r3");
    assertThat(t.paths()).hasSize(6);
  }

  @Test
  void readNamesTheFileInErrors(@TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path f = Files.writeString(dir.resolve("topology.yaml"), SQUARE + """
        paths:
          - {src: a, dst: b, links: [a~r1, l-12, b~r2]}
          - {src: b, dst: c, links: [b~r2, l-23, c~r3]}
          - {src: a, dst: c, links: [a~r1, l-9]}
        """);
    assertThatThrownBy(() -> TopologyFile.read(f)).isInstanceOf(ConfigException.class)
        .hasMessage(f + ": paths[2].links[1]: unknown link 'l-9'");
    assertThatThrownBy(() -> TopologyFile.read(dir.resolve("missing.yaml"))).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(dir.resolve("missing.yaml") + ": cannot read");
  }

  @Test
  void nodesAndServices() {
    Topology t = TopologyFile.parse(SQUARE + """
        nodes:
          - {id: b/n1, site: b, cpus: 8}
          - {id: b/gpu1, site: b, cpus: 16, gpus: 2}
        services:
          - {id: b/api, node: b/n1}
          - {id: b/infer, site: b, node: b/gpu1, replicas: 3, needs-gpu: true}
        """, "t.yaml");
    assertThat(t.nodes()).containsExactly(new Node("b/n1", "b", 8, 0), new Node("b/gpu1", "b", 16, 2));
    assertThat(t.services()).containsExactly(new Service("b/api", "b", "b/n1", 1, false),
        new Service("b/infer", "b", "b/gpu1", 3, true));
    assertThat(t.servicesOn("b/gpu1")).extracting(Service::id).containsExactly("b/infer");
  }

  @Test
  void servicesNameWhatTheyCall() {
    Topology t = TopologyFile.parse(SQUARE + """
        nodes: [{id: b/n1, site: b, cpus: 8}]
        services:
          - {id: b/web, node: b/n1, depends-on: [b/api]}
          - {id: b/api, node: b/n1, depends-on: [b/db]}
          - {id: b/db, node: b/n1}
          - {id: b/batch, node: b/n1, depends-on: [b/db]}
        """, "t.yaml");
    assertThat(t.service("b/web").orElseThrow().dependsOn()).containsExactly("b/api");
    assertThat(t.service("b/db").orElseThrow().dependsOn()).isEmpty();
    assertThat(io.sextant.common.topology.ServiceCalls.callersOf(t.services(), "b/db"))
        .containsExactly("b/api", "b/batch", "b/web");
  }

  static Stream<Arguments> badFiles() {
    String twoSites = "sites: [a, b]\nrouters: [r]\nlinks: [{a: a, b: r}, {a: b, b: r}]\n";
    return Stream.of(
        Arguments.of("not YAML", "sites: [a, b", "t.yaml: not valid YAML"),
        Arguments.of("top level not a mapping", "- a", "t.yaml: (top level): must be a mapping of keys to values"),
        Arguments.of("unknown top-level key", twoSites + "site: a",
            "t.yaml: site: unknown key (known: links, nodes, paths, routers, services, sites)"),
        Arguments.of("no sites", "routers: [r]", "t.yaml: sites: required"),
        Arguments.of("sites not a list", "sites: a", "t.yaml: sites: must be a list"),
        Arguments.of("site without id", "sites: [{kind: edge}]", "t.yaml: sites[0].id: required"),
        Arguments.of("bad site kind", "sites: [{id: a, kind: core}]", "t.yaml: sites[0].kind: must be central or edge, got 'core'"),
        Arguments.of("unknown site key", "sites: [{id: a, type: edge}]", "t.yaml: sites[0].type: unknown key (known: id, kind)"),
        Arguments.of("duplicate site", "sites: [a, b, a]", "t.yaml: sites[2]: duplicate site 'a'"),
        Arguments.of("site id with >", "sites: ['a>b']", "t.yaml: sites[0]: site id 'a>b' must not contain '>'"),
        Arguments.of("two central sites", "sites: [{id: a, kind: central}, {id: b, kind: central}]",
            "t.yaml: sites: at most one site is central, got [a, b]"),
        Arguments.of("router named like a site", "sites: [a]\nrouters: [a]", "t.yaml: routers[0]: 'a' is already a site"),
        Arguments.of("duplicate router", "sites: [a]\nrouters: [r, r]", "t.yaml: routers[1]: duplicate router 'r'"),
        Arguments.of("link to nowhere", "sites: [a, b]\nlinks: [{a: a, b: x}]",
            "t.yaml: links[0].b: unknown end 'x' (not a site or a router)"),
        Arguments.of("link without b", "sites: [a, b]\nlinks: [{a: a}]", "t.yaml: links[0].b: required"),
        Arguments.of("loop link", "sites: [a, b]\nlinks: [{a: a, b: a}]", "t.yaml: links[0]: a and b are both 'a'"),
        Arguments.of("parallel links without ids", "sites: [a, b]\nlinks: [{a: a, b: b}, {a: b, b: a}]",
            "t.yaml: links[1].id: duplicate link 'a~b' (two links between the same ends need an id each)"),
        Arguments.of("zero cost", "sites: [a, b]\nlinks: [{a: a, b: b, cost: 0}]",
            "t.yaml: links[0].cost: must be a whole number > 0, got 0"),
        Arguments.of("fractional cost", "sites: [a, b]\nlinks: [{a: a, b: b, cost: 1.5}]",
            "t.yaml: links[0].cost: must be a whole number, got '1.5'"),
        Arguments.of("negative latency", "sites: [a, b]\nlinks: [{a: a, b: b, latency-ms: -1}]",
            "t.yaml: links[0].latency-ms: must be >= 0, got -1.0"),
        Arguments.of("unknown link key", "sites: [a, b]\nlinks: [{a: a, b: b, weight: 2}]",
            "t.yaml: links[0].weight: unknown key (known: a, b, cost, id, latency-ms)"),
        Arguments.of("disconnected sites", "sites: [a, b, c]\nlinks: [{a: a, b: b}]",
            "t.yaml: paths: no route from 'a' to 'c' over the links"),
        Arguments.of("path from an unknown site", twoSites + "paths: [{src: x, dst: b, links: [a~r]}]",
            "t.yaml: paths[0].src: unknown site 'x'"),
        Arguments.of("path to a router", twoSites + "paths: [{src: a, dst: r, links: [a~r]}]",
            "t.yaml: paths[0].dst: unknown site 'r'"),
        Arguments.of("path to itself", twoSites + "paths: [{src: a, dst: a, links: [a~r]}]",
            "t.yaml: paths[0].dst: same as src 'a'"),
        Arguments.of("path without links", twoSites + "paths: [{src: a, dst: b}]",
            "t.yaml: paths[0].links: required, the links from a to b in order"),
        Arguments.of("path links not a list", twoSites + "paths: [{src: a, dst: b, links: a~r}]",
            "t.yaml: paths[0].links: must be a list"),
        Arguments.of("unknown path link", twoSites + "paths: [{src: a, dst: b, links: [a~r, l-9]}]",
            "t.yaml: paths[0].links[1]: unknown link 'l-9'"),
        Arguments.of("path not starting at src", twoSites + "paths: [{src: a, dst: b, links: [b~r, a~r]}]",
            "t.yaml: paths[0].links[0]: link 'b~r' joins b and r, it does not continue from 'a'"),
        Arguments.of("path stopping short", twoSites + "paths: [{src: a, dst: b, links: [a~r]}]",
            "t.yaml: paths[0].links: end at 'r', not at dst 'b'"),
        Arguments.of("path that loops", twoSites + "paths: [{src: a, dst: b, links: [a~r, a~r, a~r, b~r]}]",
            "t.yaml: paths[0].links[1]: link 'a~r' comes back to 'a'; a path must not loop"),
        Arguments.of("duplicate path", twoSites
            + "paths: [{src: a, dst: b, links: [a~r, b~r]}, {src: a, dst: b, links: [a~r, b~r]}]",
            "t.yaml: paths[1]: duplicate path a>b"),
        Arguments.of("unknown path key", twoSites + "paths: [{from: a, dst: b, links: [a~r, b~r]}]",
            "t.yaml: paths[0].from: unknown key (known: dst, links, src)"),
        Arguments.of("node at unknown site", twoSites + "nodes: [{id: n, site: z, cpus: 4}]",
            "t.yaml: nodes[0].site: unknown site 'z'"),
        Arguments.of("node without cpus", twoSites + "nodes: [{id: n, site: a}]", "t.yaml: nodes[0].cpus: required"),
        Arguments.of("node with negative gpus", twoSites + "nodes: [{id: n, site: a, cpus: 4, gpus: -1}]",
            "t.yaml: nodes[0].gpus: must be a whole number >= 0, got -1"),
        Arguments.of("duplicate node", twoSites + "nodes: [{id: n, site: a, cpus: 4}, {id: n, site: b, cpus: 4}]",
            "t.yaml: nodes[1].id: duplicate node 'n'"),
        Arguments.of("service on unknown node", twoSites + "services: [{id: s, node: n}]",
            "t.yaml: services[0].node: unknown node 'n'"),
        Arguments.of("service at the wrong site", twoSites
            + "nodes: [{id: n, site: a, cpus: 4}]\nservices: [{id: s, site: b, node: n}]",
            "t.yaml: services[0].site: node 'n' is at site 'a', not 'b'"),
        Arguments.of("GPU service on a CPU node", twoSites
            + "nodes: [{id: n, site: a, cpus: 4}]\nservices: [{id: s, node: n, needs-gpu: true}]",
            "t.yaml: services[0].needs-gpu: node 'n' has no GPU"),
        Arguments.of("needs-gpu not a boolean", twoSites
            + "nodes: [{id: n, site: a, cpus: 4, gpus: 1}]\nservices: [{id: s, node: n, needs-gpu: maybe}]",
            "t.yaml: services[0].needs-gpu: must be true or false, got 'maybe'"),
        Arguments.of("zero replicas", twoSites
            + "nodes: [{id: n, site: a, cpus: 4}]\nservices: [{id: s, node: n, replicas: 0}]",
            "t.yaml: services[0].replicas: must be a whole number > 0, got 0"),
        Arguments.of("dependency on an unknown service", twoSites
            + "nodes: [{id: n, site: a, cpus: 4}]\nservices: [{id: s, node: n}, {id: t, node: n, depends-on: [s, db]}]",
            "t.yaml: services[1].depends-on[1]: unknown service 'db'"),
        Arguments.of("dependency on itself", twoSites
            + "nodes: [{id: n, site: a, cpus: 4}]\nservices: [{id: s, node: n, depends-on: [s]}]",
            "t.yaml: services[0].depends-on[0]: service 's' cannot depend on itself"),
        Arguments.of("dependency listed twice", twoSites
            + "nodes: [{id: n, site: a, cpus: 4}]\nservices: [{id: s, node: n}, {id: t, node: n, depends-on: [s, s]}]",
            "t.yaml: services[1].depends-on[1]: 's' is listed twice"),
        Arguments.of("depends-on not a list", twoSites
            + "nodes: [{id: n, site: a, cpus: 4}]\nservices: [{id: s, node: n}, {id: t, node: n, depends-on: s}]",
            "t.yaml: services[1].depends-on: must be a list"),
        Arguments.of("dependency cycle", twoSites + "nodes: [{id: n, site: a, cpus: 4}]\nservices:\n"
            + "  - {id: web, node: n, depends-on: [api]}\n  - {id: api, node: n, depends-on: [db]}\n"
            + "  - {id: db, node: n, depends-on: [web]}\n",
            "t.yaml: services: depends-on goes round in a cycle: web -> api -> db -> web"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFiles")
  void badFilesAreRefusedWithTheField(String name, String yaml, String message) {
    assertThatThrownBy(() -> TopologyFile.parse(yaml, "t.yaml")).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void aSingleSiteHasNoPaths() {
    Topology t = TopologyFile.parse("sites: [a]", "t.yaml");
    assertThat(t.sites()).extracting(Site::id).containsExactly("a");
    assertThat(t.paths()).isEmpty();
    assertThat(t.links()).isEqualTo(List.of());
  }
}
