package io.sextant.central.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.central.locate.LinkLocalizer;
import io.sextant.central.state.LiveState;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.FaultKind;
import io.sextant.common.model.Sample;
import io.sextant.common.time.MutableClock;
import io.sextant.sim.CloudSpec;
import io.sextant.sim.Fault;
import io.sextant.sim.SimulatedCloud;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A centre restarted during a link fault: its live state rebuilt by replaying what the store kept
 * (detections, probe-loss samples) is the one the stopped process had, and a link it diagnosed is
 * not diagnosed again before the re-diagnosis delay; without the restore it would be, two rounds on.
 */
class DiagnoserRestartTest {
  static final double FIRING_LOSS = 0.03;

  final List<Detection> storedDetections = new ArrayList<>();
  final List<Sample> storedLoss = new ArrayList<>();

  @ParameterizedTest
  @ValueSource(longs = {7, 42})
  void aRestartedCentreKnowsItsEvidenceAndDoesNotDiagnoseTheSameLinkAgain(long seed) {
    CloudSpec spec = CloudSpec.defaults().withSeed(seed);
    SimulatedCloud cloud = SimulatedCloud.withDefaultFaults(spec);
    Fault fault = cloud.schedule().faults().stream().filter(f -> f.kind() == FaultKind.LINK_LOSS).findFirst()
        .orElseThrow();
    MutableClock clock = new MutableClock(spec.start());
    LiveState state = new LiveState();
    List<Diagnosis> located = new ArrayList<>();
    Diagnoser first = new Diagnoser(clock, "central", cloud::topology, state, new LinkLocalizer(),
        Diagnoser.Settings.defaults(), located::add);
    while (located.isEmpty() && clock.instant().isBefore(fault.start().plus(Duration.ofMinutes(5)))) {
      Instant t = clock.advance(spec.step());
      feed(state, cloud.collectAll(t), t);
      first.tick();
    }
    assertThat(located).extracting(Diagnosis::target).containsExactly(fault.target());

    // The restart: what the store kept, replayed in time order.
    LiveState replayed = new LiveState();
    replayed.replay(storedDetections, storedLoss);
    assertThat(replayed.firingResources()).isEqualTo(state.firingResources()).isNotEmpty();
    assertThat(replayed.pathLoss()).allSatisfy((path, loss) -> {
      LiveState.PathLoss was = state.pathLoss().get(path);
      assertThat(List.copyOf(loss.recent())).as(path).isEqualTo(List.copyOf(was.recent()));
      assertThat(loss.baselineLoss()).as(path).isEqualTo(was.baselineLoss());
    });

    List<Diagnosis> again = new ArrayList<>();
    Diagnoser restored = new Diagnoser(clock, "central", cloud::topology, replayed, new LinkLocalizer(),
        Diagnoser.Settings.defaults(), again::add);
    restored.restore(located);
    List<Diagnosis> forgetful = new ArrayList<>();
    LiveState fresh = new LiveState();
    fresh.replay(storedDetections, storedLoss);
    Diagnoser notRestored = new Diagnoser(clock, "central", cloud::topology, fresh, new LinkLocalizer(),
        Diagnoser.Settings.defaults(), forgetful::add);
    for (int i = 0; i < 6; i++) {
      Instant t = clock.advance(spec.step());
      List<Sample> window = cloud.collectAll(t);
      feed(replayed, window, t);
      feed(fresh, window, t);
      restored.tick();
      notRestored.tick();
    }
    assertThat(again).as("diagnosed again after the restart").isEmpty();
    assertThat(forgetful).as("the same centre without the restore").extracting(Diagnosis::target)
        .contains(fault.target());
  }

  /** What the edges' detectors would say, and what the store keeps of it. */
  private void feed(LiveState state, List<Sample> window, Instant t) {
    state.onSamples(window);
    for (Sample s : window) {
      if (s.metric().equals("probe_loss_ratio")) {
        storedLoss.add(s);
        Detection.State st = s.value() > FIRING_LOSS ? Detection.State.FIRING : Detection.State.RESOLVED;
        Detection d = Detection.of(s.site(), t, "test", s, st, 0, st == Detection.State.FIRING ? 1 : 0);
        storedDetections.add(d);
        state.onDetection(d);
      }
    }
  }
}
