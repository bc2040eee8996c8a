package io.sextant.central.locate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.central.locate.Identifiability.Reason;
import io.sextant.common.topology.Link;
import io.sextant.common.topology.Path;
import io.sextant.common.topology.Topology;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The identifiability criterion on hand-built path sets, one condition at a time. */
class IdentifiabilityTest {
  /** m carries p1 and p2; a only p1, b only p2, c only p3; u no path. */
  static final List<Path> PATHS = List.of(
      new Path("s1", "s2", List.of("m", "a")),
      new Path("s3", "s4", List.of("m", "b")),
      new Path("s5", "s6", List.of("c")));
  static final List<String> LINKS = List.of("a", "b", "c", "m", "u");

  @Test
  void withOneFaultEveryObservedLinkWithItsOwnPathsIsIdentifiable() {
    Identifiability one = Identifiability.of(LINKS, PATHS, 1);

    assertThat(one.identifiableLinks()).containsExactly("a", "b", "c", "m");
    assertThat(one.counts()).containsEntry(Reason.UNOBSERVED, 1);
  }

  /**
   * With two faults a and b lossy at once show on exactly m's paths: m is their union, and a and b
   * are each part of it. The localizer blames m then (the simpler explanation), so none of the
   * three is identifiable at two faults; c still is.
   */
  @Test
  void withTwoFaultsAUnionAndItsPartsAreNot() {
    Identifiability two = Identifiability.of(LINKS, PATHS, 2);

    assertThat(two.identifiableLinks()).containsExactly("c");
    assertThat(two.counts()).containsEntry(Reason.UNION_OF_OTHERS, 1).containsEntry(Reason.PART_OF_UNION, 2)
        .containsEntry(Reason.UNOBSERVED, 1);
    assertThat(two.identifiable("m")).isFalse();
    assertThat(two.identifiable("a")).isFalse();
  }

  /** A chain through a router no site uses: both halves are crossed by the same paths. */
  @Test
  void twoLinksInSeriesAreNotIdentifiable() {
    Topology t = Nets.of(List.of("x", "y", "z"), List.of("r"), List.of(
        Nets.link("x", "r", 1), Nets.link("r", "y", 1), Nets.link("y", "z", 1)));

    Identifiability one = Identifiability.of(t.links().stream().map(Link::id).toList(), t.paths(), 1);

    assertThat(one.identifiable("r~x")).isFalse();
    assertThat(one.identifiable("r~y")).isFalse();
    assertThat(one.counts()).containsEntry(Reason.SAME_PATHS, 2);
    assertThat(one.identifiable("y~z")).isTrue();
  }

  /** The criterion agrees with the test meshes' own (distinct path sets) at one fault. */
  @Test
  void atOneFaultItIsTheDistinctPathSetRule() {
    for (Topology t : List.of(Nets.star(7), Nets.dualHomedRing(6), Nets.randomMesh(8, 4, 6, 7L))) {
      Identifiability one = Identifiability.of(t.links().stream().map(Link::id).toList(), t.paths(), 1);
      assertThat(one.identifiableLinks()).containsExactlyInAnyOrderElementsOf(Nets.identifiableLinks(t));
    }
  }
}
