package io.sextant.central.locate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sextant.common.topology.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LinkLocalizerTest {
  private final LinkLocalizer localizer = new LinkLocalizer();

  static Stream<Named<Topology>> topologies() {
    return Stream.of(
        Named.of("line of 6 sites", Nets.line(6)),
        Named.of("star of 7 sites through a hub", Nets.star(7)),
        Named.of("ring of 6 routers, dual-homed sites", Nets.dualHomedRing(6)),
        Named.of("random mesh, 8 sites 4 routers", Nets.randomMesh(8, 4, 6, 7L)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topologies")
  void findsEachIdentifiableLossyLinkWithItsLoss(Topology topology) {
    List<String> links = Nets.identifiableLinks(topology);
    assertThat(links).hasSizeGreaterThanOrEqualTo(5);
    SplittableRandom seeds = new SplittableRandom(11);
    for (String link : links) {
      double loss = 0.05 + 0.15 * seeds.nextDouble();
      List<PathEvidence> evidence = new LossSimulator(topology, seeds.nextLong()).round(Map.of(link, loss));

      List<LinkFinding> findings = localizer.locate(evidence);

      assertThat(findings).as("findings for loss %.3f on %s", loss, link).hasSize(1);
      LinkFinding finding = findings.get(0);
      assertThat(finding.linkId()).isEqualTo(link);
      assertThat(finding.estimatedLoss()).as("estimate on %s", link).isCloseTo(loss, within(0.25 * loss));
      assertThat(finding.alternatives()).isEmpty();
      assertThat(finding.confidence()).isGreaterThan(0.5);
      assertThat(finding.explainedPaths())
          .containsExactlyInAnyOrderElementsOf(Nets.pathSets(topology).get(link));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topologies")
  void noFaultMeansNoFindingOverManyNoisyRounds(Topology topology) {
    LossSimulator simulator = new LossSimulator(topology, 3);
    for (int round = 0; round < 150; round++) {
      assertThat(localizer.locate(simulator.round(Map.of()))).as("round %d", round).isEmpty();
    }
  }

  @Test
  void findsTwoSimultaneousLossyLinksOnDisjointPaths() {
    List<Topology> topologies = List.of(Nets.dualHomedRing(6), Nets.randomMesh(8, 4, 6, 7L));
    int checked = 0;
    for (Topology topology : topologies) {
      List<List<String>> pairs = Nets.disjointPairs(topology);
      for (List<String> pair : pairs.subList(0, Math.min(8, pairs.size()))) {
        Map<String, Double> faults = Map.of(pair.get(0), 0.08, pair.get(1), 0.15);
        List<PathEvidence> evidence = new LossSimulator(topology, 100 + checked).round(faults);

        List<LinkFinding> findings = localizer.locate(evidence);

        assertThat(findings).extracting(LinkFinding::linkId).containsExactlyInAnyOrderElementsOf(pair);
        for (LinkFinding f : findings) {
          assertThat(f.estimatedLoss()).isCloseTo(faults.get(f.linkId()), within(0.25 * faults.get(f.linkId())));
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(8);
  }

  @Test
  void aBadPathTheDetectorHasNotFlaggedYetStillPointsAtTheLink() {
    Topology ring = Nets.dualHomedRing(6);
    String link = "r2~r3";
    List<PathEvidence> evidence = new LossSimulator(ring, 5).round(Map.of(link, 0.1));
    List<String> crossing = ring.pathsCrossing(link).stream().map(p -> p.id()).toList();
    assertThat(crossing).hasSizeGreaterThanOrEqualTo(4);
    String lagging = crossing.get(0);
    List<PathEvidence> flagged = new ArrayList<>();
    for (PathEvidence e : evidence) {
      boolean anomalous = crossing.contains(e.pathId()) && !e.pathId().equals(lagging);
      flagged.add(new PathEvidence(e.pathId(), e.links(), e.observedLoss(), e.baselineLoss(), anomalous, e.probes()));
    }

    List<LinkFinding> findings = localizer.locate(flagged);

    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.linkId()).isEqualTo(link);
      assertThat(f.explainedPaths()).contains(lagging);
    });
  }

  @Test
  void aPathWhoseMeasurementHasNotCaughtUpLowersConfidenceButDoesNotClearTheLink() {
    Topology ring = Nets.dualHomedRing(6);
    String link = "r2~r3";
    String lagging = ring.pathsCrossing(link).get(0).id();
    Map<String, Double> fault = Map.of(link, 0.1);
    LinkFinding timely = localizer.locate(new LossSimulator(ring, 5).round(fault)).get(0);

    // The lagging path saw no faulty window yet: it measures normal loss and is not flagged.
    List<LinkFinding> findings = localizer.locate(new LossSimulator(ring, 5).round(fault, Map.of(lagging, 0)));

    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.linkId()).isEqualTo(link);
      assertThat(f.explainedPaths()).doesNotContain(lagging);
      assertThat(f.estimatedLoss()).isCloseTo(0.1, within(0.025));
      assertThat(f.confidence()).isLessThan(timely.confidence());
    });
  }

  @Test
  void linksOnExactlyTheSamePathsAreReportedAsAlternativesWithLowerConfidence() {
    // a0, a1 — r1 — r2 — r3 — b0, b1: r1~r2 and r2~r3 carry exactly the same paths.
    Topology topology = Nets.of(
        List.of("a0", "a1", "b0", "b1"),
        List.of("r1", "r2", "r3"),
        List.of(Nets.link("a0", "r1", 1), Nets.link("a1", "r1", 1), Nets.link("r1", "r2", 1),
            Nets.link("r2", "r3", 1), Nets.link("r3", "b0", 1), Nets.link("r3", "b1", 1)));

    LinkFinding ambiguous = localizer.locate(new LossSimulator(topology, 9).round(Map.of("r2~r3", 0.1))).get(0);
    LinkFinding clear = localizer.locate(new LossSimulator(topology, 9).round(Map.of("a0~r1", 0.1))).get(0);

    assertThat(ambiguous.linkId()).isEqualTo("r1~r2");
    assertThat(ambiguous.alternatives()).containsExactly("r2~r3");
    assertThat(ambiguous.confidence()).isLessThanOrEqualTo(0.5);
    assertThat(clear.linkId()).isEqualTo("a0~r1");
    assertThat(clear.alternatives()).isEmpty();
    assertThat(clear.confidence()).isGreaterThan(ambiguous.confidence());
  }

  @Test
  void respectsTheMaximumNumberOfFaultsPerRound() {
    Topology ring = Nets.dualHomedRing(6);
    List<String> pair = Nets.disjointPairs(ring).get(0);
    List<PathEvidence> evidence = new LossSimulator(ring, 21).round(Map.of(pair.get(0), 0.1, pair.get(1), 0.1));
    LinkLocalizer oneAtATime = new LinkLocalizer(new LocalizerSettings(
        LocalizerSettings.DEFAULT_MIN_EXCESS, LocalizerSettings.DEFAULT_MIN_CONSISTENCY, 1,
        LocalizerSettings.DEFAULT_NOISE_SIGMAS));

    assertThat(oneAtATime.locate(evidence)).singleElement()
        .satisfies(f -> assertThat(pair).contains(f.linkId()));
  }

  @Test
  void noEvidenceMeansNoFinding() {
    assertThat(localizer.locate(List.of())).isEmpty();
  }

  @Test
  void rejectsTheSamePathTwice() {
    PathEvidence e = new PathEvidence("a>b", List.of("a~b"), 0.1, 0.001, true, 600);

    assertThatThrownBy(() -> localizer.locate(List.of(e, e)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a>b");
  }
}
