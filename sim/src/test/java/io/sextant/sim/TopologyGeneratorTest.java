package io.sextant.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.sextant.common.topology.Link;
import io.sextant.common.topology.Node;
import io.sextant.common.topology.Path;
import io.sextant.common.topology.Service;
import io.sextant.common.topology.Site;
import io.sextant.common.topology.Topology;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopologyGeneratorTest {

  @ParameterizedTest(name = "N = {0}")
  @ValueSource(ints = {1, 2, 3, 5, 8, 20})
  void everyOrderedSitePairHasAProbePath(int n) {
    Topology t = TopologyGenerator.generate(CloudSpec.defaults().withEdgeSites(n));

    assertThat(t.sites()).hasSize(n + 1);
    assertThat(t.paths()).hasSize((n + 1) * n);
    for (Site src : t.sites()) {
      for (Site dst : t.sites()) {
        if (!src.equals(dst)) {
          Path p = t.path(Path.idOf(src.id(), dst.id())).orElseThrow();
          assertThat(p.links()).isNotEmpty();
          assertThat(ends(t, p.links().get(0))).contains(src.id());
          assertThat(ends(t, p.links().get(p.links().size() - 1))).contains(dst.id());
        }
      }
    }
  }

  private static List<String> ends(Topology t, String linkId) {
    Link l = t.link(linkId).orElseThrow();
    return List.of(l.a(), l.b());
  }

  @ParameterizedTest(name = "N = {0}")
  @ValueSource(ints = {2, 3, 4, 5, 6, 7, 8})
  void probeMeshSinglesOutEveryCrossedLink(int n) {
    for (long seed : new long[] {1, 7, 42}) {
      Topology t = TopologyGenerator.generate(CloudSpec.defaults().withEdgeSites(n).withSeed(seed));
      Set<String> crossed = t.paths().stream().flatMap(p -> p.links().stream()).collect(Collectors.toSet());
      Set<String> identifiable = TopologyGenerator.identifiableLinks(t);

      assertThat(identifiable).hasSizeGreaterThanOrEqualTo(3).isEqualTo(crossed);
      assertThat(identifiable).anyMatch(id -> id.startsWith("pop-"));
    }
  }

  @Test
  void twoSitesCannotTellLinksApartBecauseEveryCrossedLinkCarriesBothPaths() {
    Topology t = TopologyGenerator.generate(CloudSpec.defaults().withEdgeSites(1));

    assertThat(TopologyGenerator.identifiableLinks(t)).isEmpty();
  }

  @Test
  void identifiableLinksRejectsLinksWithTheSamePathSet() {
    List<Site> sites = List.of(new Site("a", Site.Kind.CENTRAL), new Site("b", Site.Kind.EDGE));
    List<Link> links = List.of(new Link("a~r", "a", "r", 1, 1), new Link("b~r", "b", "r", 1, 1));
    Topology t = new Topology(sites, List.of("r"), List.of(), links,
        List.of(new Path("a", "b", List.of("a~r", "b~r"))), List.of());

    assertThat(TopologyGenerator.identifiableLinks(t)).isEmpty();
    assertThat(TopologyGenerator.identifiableLinks(t.withPaths(List.of(new Path("a", "r", List.of("a~r"))))))
        .containsExactly("a~r");
  }

  @ParameterizedTest(name = "N = {0}")
  @ValueSource(ints = {1, 3, 4, 6, 8, 20})
  void backboneIsARingOfPopsWithOneChordFromFivePops(int n) {
    Topology t = TopologyGenerator.generate(CloudSpec.defaults().withEdgeSites(n));
    int k = Math.max(3, (int) Math.ceil((n + 1) / 2.0) + 1);

    assertThat(t.routers()).hasSize(k).first().isEqualTo("pop-1");
    List<Link> backbone = t.links().stream().filter(l -> l.a().startsWith("pop-") && l.b().startsWith("pop-")).toList();
    assertThat(backbone).hasSize(k >= 5 ? k + 1 : k);
    for (int i = 1; i <= k; i++) {
      assertThat(t.link(Link.idOf("pop-" + i, "pop-" + (i % k + 1)))).isPresent();
    }
    assertThat(backbone).allSatisfy(l -> assertThat(l.latencyMs()).isBetween(2.0, 10.0));
  }

  @Test
  void everySiteIsDualHomedAndRoutesUseOnlyPrimaryAccessLinks() {
    Topology t = TopologyGenerator.generate(CloudSpec.defaults().withEdgeSites(6));

    for (Site s : t.sites()) {
      List<Link> access = t.links().stream().filter(l -> l.a().equals(s.id()) || l.b().equals(s.id())).toList();
      assertThat(access).extracting(Link::cost).containsExactlyInAnyOrder(1, 3);
      assertThat(new HashSet<>(access.stream().map(l -> l.other(s.id())).toList())).hasSize(2);
    }
    Set<String> secondary = t.links().stream().filter(l -> l.cost() == 3).map(Link::id).collect(Collectors.toSet());
    assertThat(t.paths()).allSatisfy(p -> assertThat(p.links()).doesNotContainAnyElementsOf(secondary));
  }

  @Test
  void nodesAndServicesFollowTheSiteTemplate() {
    Topology t = TopologyGenerator.generate(CloudSpec.defaults());

    assertThat(t.nodesAt("edge-2")).extracting(Node::id)
        .containsExactly("edge-2/n1", "edge-2/n2", "edge-2/n3", "edge-2/gpu1", "edge-2/gpu2");
    assertThat(t.node("edge-2/n1").orElseThrow().cpus()).isEqualTo(8);
    assertThat(t.node("edge-2/gpu2").orElseThrow().gpus()).isEqualTo(4);
    assertThat(t.servicesOn("edge-2/gpu2")).isEmpty();
    assertThat(t.servicesAt("edge-2")).containsExactly(
        new Service("edge-2/web", "edge-2", "edge-2/n1", 2, false, List.of("edge-2/api")),
        new Service("edge-2/api", "edge-2", "edge-2/n2", 2, false),
        new Service("edge-2/inference", "edge-2", "edge-2/gpu1", 1, true));
    assertThat(t.nodesAt("central")).extracting(Node::id).containsExactly(
        "central/n1", "central/n2", "central/n3", "central/n4", "central/gpu1", "central/gpu2");
    assertThat(t.servicesAt("central")).extracting(Service::id, Service::node).containsExactly(
        tuple("central/portal", "central/n1"),
        tuple("central/training", "central/gpu1"));
  }

  @Test
  void sameSeedSameTopologyOtherSeedOtherLatencies() {
    CloudSpec spec = CloudSpec.defaults().withEdgeSites(5);

    assertThat(TopologyGenerator.generate(spec)).isEqualTo(TopologyGenerator.generate(spec));
    assertThat(TopologyGenerator.generate(spec.withSeed(99)).links())
        .isNotEqualTo(TopologyGenerator.generate(spec).links());
  }
}
