package io.sextant.central.scaleback;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.central.loop.ClosedLoop;
import io.sextant.central.protect.LinkProtection;
import io.sextant.central.protect.ProtectionSettings;
import io.sextant.central.state.LiveState;
import io.sextant.common.model.Action;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionKind;
import io.sextant.common.model.ActionState;
import io.sextant.common.model.Sample;
import io.sextant.common.time.MutableClock;
import io.sextant.common.topology.Service;
import io.sextant.runbook.load.RunbookLoader;
import io.sextant.runbook.safety.AutomationControl;
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
 * A scale-out's whole life at the centre, on the simulated cloud and a controllable clock: an edge
 * scales a service out during the schedule's CPU surge (as its runbook does), the centre leaves it
 * while the surge lasts, and once the load has fitted the old count for the hold time it scales
 * back to exactly that count through the closed loop; a scale-back the safety switches refuse
 * (automation paused) is tried again one hold later; the scale-in is verified and the service
 * forgotten.
 */
class ScaleBackTimelineTest {
  static final ScaleBackSettings SETTINGS = new ScaleBackSettings(Duration.ofMinutes(2), 0.2);

  @ParameterizedTest
  @ValueSource(longs = {7, 42})
  void givenBackAfterTheSurgeOnceTheSwitchesAllowIt(long seed) {
    CloudSpec spec = CloudSpec.defaults().withSeed(seed);
    SimulatedCloud cloud = SimulatedCloud.withDefaultFaults(spec);
    Fault surge = cloud.schedule().faults().stream().filter(f -> f.kind().name().equals("CPU_SATURATION"))
        .findFirst().orElseThrow();
    String serviceId = surge.target().substring("service:".length());
    int original = cloud.topology().service(serviceId).map(Service::replicas).orElseThrow();
    long windowsBefore = Duration.between(spec.start(), surge.start()).dividedBy(spec.step()) - 24;
    MutableClock clock = new MutableClock(spec.start().plus(spec.step().multipliedBy(windowsBefore)));
    LiveState state = new LiveState();
    List<ActionEvent> audit = new ArrayList<>();
    AutomationControl control = AutomationControl.open(clock);
    ClosedLoop loop = new ClosedLoop(clock, cloud, RunbookLoader.builtIn(), state, e -> {
      audit.add(e);
    }, control, "central", ProtectionSettings.defaults(), LinkProtection.Outputs.NONE, SETTINGS);

    double baselineSum = 0;
    int baselineWindows = 0;
    boolean scaledOut = false;
    boolean paused = false;
    int fedBack = 0;
    Instant end = surge.end().plus(Duration.ofMinutes(8));
    while (clock.instant().isBefore(end)) {
      Instant t = clock.advance(spec.step());
      List<Sample> window = cloud.collectAll(t);
      state.onSamples(window);
      loop.onSamples(window);
      double cpu = utilization(window, surge.target());
      if (t.isBefore(surge.start())) {
        baselineSum += cpu;
        baselineWindows++;
      } else if (!scaledOut && t.isAfter(surge.start().plusSeconds(10))) {
        // The edge's runbook, as ScaleOutPlanner sizes it, applied and verified at the edge.
        double baseline = baselineSum / baselineWindows;
        int replicas = (int) Math.ceil(original * cpu / baseline * 1.2);
        Action out = new Action(null, spec.siteIds().get(1), t, ActionKind.SCALE_OUT, surge.target(),
            Map.of("replicas", Integer.toString(replicas), "from", Integer.toString(original), "baseline",
                Double.toString(baseline)), "scale-out-cpu-saturation", "det-test", null);
        assertThat(cloud.apply(out).ok()).isTrue();
        loop.onActionEvent(new ActionEvent(null, out.site(), t, out, ActionState.APPLIED, "applied at the edge"));
        loop.onActionEvent(new ActionEvent(null, out.site(), t, out, ActionState.VERIFIED, "recovered"));
        scaledOut = true;
      }
      // The loop's own events come back on the bus, as in Central.
      for (; fedBack < audit.size(); fedBack++) {
        loop.onActionEvent(audit.get(fedBack));
      }
      if (!paused && loop.scaleBack().get(surge.target()).map(s -> s.phase() == ScaleBack.Phase.HOLDING)
          .orElse(false)) {
        control.pauseAll("noc-alice", "core release");
        paused = true;
      }
      if (audit.stream().anyMatch(e -> e.state() == ActionState.REJECTED)) {
        control.resumeAll();
      }
      loop.tick();
    }

    List<ActionEvent> scaleIns = audit.stream().filter(e -> e.action().kind() == ActionKind.SCALE_IN).toList();
    assertThat(scaleIns).extracting(ActionEvent::state).containsExactly(ActionState.PROPOSED, ActionState.REJECTED,
        ActionState.PROPOSED, ActionState.APPROVED, ActionState.APPLIED, ActionState.VERIFIED);
    assertThat(scaleIns.get(0).time()).as("not while the surge lasts").isAfterOrEqualTo(surge.end().plus(SETTINGS.hold()))
        .isBefore(surge.end().plus(SETTINGS.hold()).plus(Duration.ofMinutes(1)));
    assertThat(scaleIns.get(1).detail()).contains("paused").contains("noc-alice");
    assertThat(scaleIns.get(2).time()).as("tried again one hold later")
        .isEqualTo(scaleIns.get(1).time().plus(SETTINGS.hold()));
    Action in = scaleIns.get(4).action();
    assertThat(in.params()).containsEntry("replicas", Integer.toString(original)).containsKey("reverts");
    assertThat(in.runbook()).isEqualTo(ScaleBack.RUNBOOK_PREFIX + "scale-out-cpu-saturation");
    assertThat(cloud.topology().service(serviceId).map(Service::replicas)).as("back at the count before")
        .contains(original);
    assertThat(loop.scaleBack().all()).as("forgotten once verified").isEmpty();
  }

  private static double utilization(List<Sample> window, String resource) {
    return window.stream().filter(s -> s.metric().equals(ScaleBack.METRIC) && s.resource().equals(resource))
        .mapToDouble(Sample::value).findFirst().orElseThrow();
  }
}
