package io.sextant.central.locate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.topology.Topology;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class LinkLocalizerProperties {
  private final LinkLocalizer localizer = new LinkLocalizer();

  @Property(tries = 300)
  void anIdentifiableLossyLinkIsFoundFirst(
      @ForAll @IntRange(min = 3, max = 8) int sites,
      @ForAll @IntRange(min = 0, max = 4) int routers,
      @ForAll @IntRange(min = 0, max = 6) int extraLinks,
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 1000) int pick,
      @ForAll @DoubleRange(min = 0.05, max = 0.2) double loss) {
    Topology topology = Nets.randomMesh(sites, routers, extraLinks, seed);
    List<String> identifiable = Nets.identifiableLinks(topology);
    Assume.that(!identifiable.isEmpty());
    String link = identifiable.get(pick % identifiable.size());

    List<LinkFinding> findings = localizer.locate(new LossSimulator(topology, seed).round(Map.of(link, loss)));

    assertThat(findings).as("loss %.3f on %s in %s", loss, link, topology.links()).isNotEmpty();
    assertThat(findings.get(0).linkId()).isEqualTo(link);
  }

  @Property(tries = 100)
  void noFaultGivesNoFinding(
      @ForAll @IntRange(min = 2, max = 8) int sites,
      @ForAll @IntRange(min = 0, max = 4) int routers,
      @ForAll @IntRange(min = 0, max = 6) int extraLinks,
      @ForAll long seed) {
    Topology topology = Nets.randomMesh(sites, routers, extraLinks, seed);

    assertThat(localizer.locate(new LossSimulator(topology, seed).round(Map.of()))).isEmpty();
  }
}
