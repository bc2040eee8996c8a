package io.sextant.central.locate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.topology.Topology;
import io.sextant.testkit.gen.FixedSeeds;
import io.sextant.testkit.gen.Gen;
import io.sextant.testkit.gen.Numbers;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;

/** On random connected meshes, the localizer names an injected lossy link first and invents none. */
class LinkLocalizerPropertiesTest {
  private final LinkLocalizer localizer = new LinkLocalizer();

  /** A random mesh of {@code minSites..8} sites, 0..4 routers and 0..6 extra links. */
  static Gen<Topology> meshes(int minSites) {
    Gen<Integer> sites = Numbers.ints(minSites, 8);
    Gen<Integer> routers = Numbers.ints(0, 4);
    Gen<Integer> extraLinks = Numbers.ints(0, 6);
    Gen<Long> meshSeeds = Numbers.anyLong();
    return r -> Nets.randomMesh(sites.next(r), routers.next(r), extraLinks.next(r), meshSeeds.next(r));
  }

  /** Meshes with at least one link that path measurements can single out (the rest prove nothing here). */
  static final Gen<Topology> IDENTIFIABLE = meshes(3).filter(t -> !Nets.identifiableLinks(t).isEmpty());
  static final Gen<Topology> ANY = meshes(2);

  @ParameterizedTest(name = "seed {0}")
  @FixedSeeds(300)
  void anIdentifiableLossyLinkIsFoundFirst(long seed) {
    Random r = new Random(seed);
    Topology topology = IDENTIFIABLE.next(r);
    List<String> identifiable = Nets.identifiableLinks(topology);
    String link = identifiable.get(Numbers.ints(0, 1000).next(r) % identifiable.size());
    double loss = Numbers.doubles(0.05, 0.2).next(r);

    List<LinkFinding> findings = localizer.locate(new LossSimulator(topology, r.nextLong()).round(Map.of(link, loss)));

    assertThat(findings).as("loss %.3f on %s in %s", loss, link, topology.links()).isNotEmpty();
    assertThat(findings.get(0).linkId()).isEqualTo(link);
  }

  @ParameterizedTest(name = "seed {0}")
  @FixedSeeds(100)
  void noFaultGivesNoFinding(long seed) {
    Random r = new Random(seed);
    Topology topology = ANY.next(r);

    assertThat(localizer.locate(new LossSimulator(topology, r.nextLong()).round(Map.of()))).isEmpty();
  }
}
