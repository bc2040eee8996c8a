package io.sextant.central.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.central.locate.LinkLocalizer;
import io.sextant.central.state.LiveState;
import io.sextant.common.model.Action;
import io.sextant.common.model.ActionKind;
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
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The distributed mode's race: the centre reroutes around the lossy link at once, while the edges
 * apply the command a little later and keep measuring on the old routes meanwhile. Read against the
 * new routes, those measurements point at an innocent link on the new route; the diagnoser must not
 * locate it while the routes settle.
 */
class DiagnoserRouteSettleTest {
  static final double FIRING_LOSS = 0.03;

  @ParameterizedTest
  @ValueSource(longs = {7, 42})
  void noLinkIsLocatedFromOldMeasurementsWhileTheRoutesSettle(long seed) {
    CloudSpec spec = CloudSpec.defaults().withSeed(seed);
    SimulatedCloud centre = SimulatedCloud.withDefaultFaults(spec);
    // The edges' copy never gets the reroute inside this test: every window it sends is "late".
    SimulatedCloud lateEdges = SimulatedCloud.withDefaultFaults(spec);
    Fault fault = centre.schedule().faults().stream().filter(f -> f.kind() == FaultKind.LINK_LOSS).findFirst()
        .orElseThrow();
    MutableClock clock = new MutableClock(spec.start());
    LiveState state = new LiveState();
    List<Diagnosis> located = new ArrayList<>();
    Diagnoser diagnoser = new Diagnoser(clock, "central", centre::topology, state, new LinkLocalizer(),
        Diagnoser.Settings.defaults(), located::add);

    Instant reroutedAt = null;
    Instant end = fault.start().plus(Diagnoser.Settings.DEFAULT_ROUTE_SETTLE).plus(Duration.ofMinutes(1));
    while (clock.instant().isBefore(end)) {
      Instant t = clock.advance(spec.step());
      feed(state, lateEdges.collectAll(t), t);
      diagnoser.tick();
      if (reroutedAt == null && !located.isEmpty()) {
        assertThat(located.get(0).target()).isEqualTo(fault.target());
        String link = fault.target().substring("link:".length());
        Action reroute = new Action(null, "central", t, ActionKind.REROUTE, fault.target(), Map.of("avoid", link),
            "reroute-lossy-link", located.get(0).id(), null);
        assertThat(centre.apply(reroute).ok()).isTrue();
        reroutedAt = t;
      }
    }
    assertThat(reroutedAt).as("the lossy link was located").isNotNull();
    Instant settled = reroutedAt.plus(Diagnoser.Settings.DEFAULT_ROUTE_SETTLE);
    assertThat(located).as("diagnoses before the routes settled")
        .filteredOn(d -> d.time().isBefore(settled))
        .extracting(Diagnosis::target).containsExactly(fault.target());
  }

  /** What the edges' detectors would say: probe loss above a few percent fires. */
  private static void feed(LiveState state, List<Sample> window, Instant t) {
    state.onSamples(window);
    for (Sample s : window) {
      if (s.metric().equals("probe_loss_ratio")) {
        Detection.State st = s.value() > FIRING_LOSS ? Detection.State.FIRING : Detection.State.RESOLVED;
        state.onDetection(Detection.of(s.site(), t, "test", s, st, 0, st == Detection.State.FIRING ? 1 : 0));
      }
    }
  }
}
