package io.sextant.central.locate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.common.topology.Path;
import io.sextant.common.topology.Site;
import io.sextant.common.topology.Topology;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bench on a small mesh: the mesh is what it says, a seed repeats, the localizer scores. */
class LocalizationBenchTest {
  @Test
  void theMeshHasTheLinksAskedForAndAPathPerPairOfSites() {
    Topology mesh = RandomMesh.generate(60, 4);

    assertThat(mesh.links()).hasSize(60);
    int sites = mesh.sites().size();
    assertThat(mesh.paths()).hasSize(sites * (sites - 1));
    Set<String> siteIds = new HashSet<>(mesh.sites().stream().map(Site::id).toList());
    for (Path p : mesh.paths()) {
      assertThat(p.links()).as(p.id()).isNotEmpty();
      // Sites carry no transit: only a path's ends are sites.
      assertThat(p.links().stream().flatMap(l -> mesh.link(l).stream())
          .flatMap(l -> java.util.stream.Stream.of(l.a(), l.b())).filter(siteIds::contains).distinct())
          .containsExactlyInAnyOrder(p.src(), p.dst());
    }
    assertThat(RandomMesh.generate(60, 4)).as("same seed, same mesh").isEqualTo(mesh);
  }

  @Test
  void twoSimultaneousFaultsOnIdentifiableLinksAreFound() {
    LocalizationBench.Result r = new LocalizationBench(new LocalizationBench.Settings(60, 2, 4, 10, 20, 30)).run();

    assertThat(r.identifiable().truePositives() + r.identifiable().falseNegatives()).isEqualTo(20);
    assertThat(r.identifiable().recall()).isGreaterThanOrEqualTo(0.95);
    assertThat(r.identifiable().precision()).isGreaterThanOrEqualTo(0.95);
    assertThat(r.identifiableLinks()).isLessThan(60);
    assertThat(r.roundCpuMillis()).hasSize(20);
    assertThat(java.util.Arrays.stream(r.roundCpuMillis()).min().orElseThrow()).isGreaterThanOrEqualTo(0);
  }

  @Test
  void aSeedRepeatsItsScores() {
    var settings = new LocalizationBench.Settings(40, 1, 9, 5, 20, 30);
    LocalizationBench.Result a = new LocalizationBench(settings).run();
    LocalizationBench.Result b = new LocalizationBench(settings).run();

    assertThat(a.identifiable()).isEqualTo(b.identifiable());
    assertThat(a.all()).isEqualTo(b.all());
  }

  @Test
  void settingsOutsideTheirRangeAreRefused() {
    assertThatThrownBy(() -> new LocalizationBench.Settings(60, 4, 1, 5, 20, 30)).hasMessageContaining("faults");
    assertThatThrownBy(() -> RandomMesh.generate(5, 1)).hasMessageContaining("links");
  }
}
