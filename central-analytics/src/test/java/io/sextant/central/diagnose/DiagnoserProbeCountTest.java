package io.sextant.central.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.central.locate.Identifiability;
import io.sextant.central.locate.LinkLocalizer;
import io.sextant.central.locate.bench.RandomMesh;
import io.sextant.central.state.LiveState;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import io.sextant.common.time.MutableClock;
import io.sextant.common.topology.Link;
import io.sextant.common.topology.Path;
import io.sextant.common.topology.Topology;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The centre as a live mesh feeds it: 20 probes a path a window, each window's count sent beside
 * its loss. A 1.5 % loss on one link shows in three windows as about one lost probe in 60 on each
 * path; the diagnoser pools the windows since the routes last changed up to 600 probes a path and
 * locates the link, and no other.
 */
class DiagnoserProbeCountTest {
  static final int PROBES = 20;
  static final double LOSS = 0.015;
  static final Duration WINDOW = Duration.ofSeconds(5);

  @Test
  void aSmallLossIsLocatedFromTwentyProbeWindowsPooled() {
    List<Diagnosis> located = run(Diagnoser.Settings.DEFAULT_EVIDENCE_PROBES);

    assertThat(located).extracting(Diagnosis::target).containsExactly("link:" + link);
    assertThat(located.get(0).details().get("estimatedLoss")).isBetween(LOSS / 2, LOSS * 2);
    assertThat(state.windowsWithoutCount()).isZero();
  }

  /** The control: the newest three windows alone (60 probes a path) do not show it in the same time. */
  @Test
  void theNewestWindowsAloneDoNotShowIt() {
    assertThat(run(3 * PROBES)).isEmpty();
  }

  final Topology mesh = RandomMesh.generate(40, 5);
  final String link = Identifiability.of(mesh.links().stream().map(Link::id).toList(), mesh.paths(), 1)
      .identifiableLinks().get(0);
  final LiveState state = new LiveState();

  private List<Diagnosis> run(int evidenceProbes) {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-05T10:00:00Z"));
    List<Diagnosis> located = new ArrayList<>();
    Diagnoser.Settings d = Diagnoser.Settings.defaults();
    Diagnoser diagnoser = new Diagnoser(clock, "central", () -> mesh, state, new LinkLocalizer(),
        new Diagnoser.Settings(d.assumedProbesPerWindow(), d.stableRounds(), d.minConfidence(), d.rediagnoseAfter(),
            d.routeSettle(), evidenceProbes), located::add);
    SplittableRandom random = new SplittableRandom(8);

    for (int w = 0; w < 100 && located.isEmpty(); w++) {
      boolean fault = w >= 40;
      Instant t = clock.advance(WINDOW);
      List<Sample> window = new ArrayList<>();
      List<Detection> firing = new ArrayList<>();
      for (Path p : mesh.paths()) {
        double q = 1 - Math.pow(1 - 0.0005, p.links().size()) * (fault && p.crosses(link) ? 1 - LOSS : 1);
        int lost = 0;
        for (int i = 0; i < PROBES; i++) {
          lost += random.nextDouble() < q ? 1 : 0;
        }
        var labels = Labels.of(Sample.RESOURCE, p.resource(), "src", p.src(), "dst", p.dst());
        Sample loss = new Sample(p.src(), LiveState.PROBE_LOSS, labels, t, (double) lost / PROBES);
        window.add(loss);
        window.add(new Sample(p.src(), LiveState.PROBE_SENT, labels, t, PROBES));
        if (fault && p.crosses(link) && lost > 0) {
          firing.add(Detection.of(p.src(), t, "test", loss, Detection.State.FIRING, 0, 1)); // an edge detector fired
        }
      }
      state.onSamples(window);
      firing.forEach(state::onDetection);
      diagnoser.tick();
    }
    return located;
  }
}
