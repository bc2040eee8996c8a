package io.sextant.central.protect;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.central.loop.ClosedLoop;
import io.sextant.central.state.LiveState;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionKind;
import io.sextant.common.model.ActionState;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.FaultKind;
import io.sextant.common.model.Sample;
import io.sextant.common.time.MutableClock;
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
 * A rerouted link's protection on the simulated cloud, on a controllable clock: the closed loop
 * reroutes the schedule's lossy link, the probes it asks for run in the cloud, the alarm is cleared
 * {@code clearWindows} after the fault ends and not before, a restore refused by the safety switches
 * (automation paused) is tried again one wait-to-restore later, and once allowed the restore undoes
 * the reroute, is verified, and stops the probes.
 */
class LinkProtectionTimelineTest {
  static final ProtectionSettings SETTINGS = new ProtectionSettings(Duration.ofMinutes(2), 3, 20, 0.05);

  @ParameterizedTest
  @ValueSource(longs = {7, 42})
  void clearedAfterTheFaultThenRestoredOnceTheSwitchesAllowIt(long seed) {
    CloudSpec spec = CloudSpec.defaults().withSeed(seed);
    SimulatedCloud cloud = SimulatedCloud.withDefaultFaults(spec);
    Fault fault = cloud.schedule().faults().stream().filter(f -> f.kind() == FaultKind.LINK_LOSS).findFirst()
        .orElseThrow();
    String link = fault.target().substring("link:".length());
    int crossing = cloud.topology().pathsCrossing(link).size();
    long windowsBefore = Duration.between(spec.start(), fault.start()).dividedBy(spec.step()) - 12;
    MutableClock clock = new MutableClock(spec.start().plus(spec.step().multipliedBy(windowsBefore)));
    LiveState state = new LiveState();
    List<ActionEvent> audit = new ArrayList<>();
    List<Instant> cleared = new ArrayList<>();
    AutomationControl control = AutomationControl.open(clock);
    LinkProtection.Outputs outputs = SiteOutputs.of(cloud, resource -> {
      assertThat(resource).isEqualTo(fault.target());
      cleared.add(clock.instant());
    });
    ClosedLoop loop = new ClosedLoop(clock, cloud, RunbookLoader.builtIn(), state, audit::add, control, "central",
        SETTINGS, outputs);

    Instant end = fault.end().plus(Duration.ofMinutes(12));
    boolean diagnosed = false;
    boolean paused = false;
    while (clock.instant().isBefore(end)) {
      Instant t = clock.advance(spec.step());
      // No detector here: verification sees quiet paths reporting fresh samples (LinkProtectionMeshTest
      // verifies on real detectors); this test is about the timers and the guard.
      List<Sample> window = cloud.collectAll(t);
      state.onSamples(window);
      loop.onSamples(window);
      if (!diagnosed && !t.isBefore(fault.start().plusSeconds(30))) {
        loop.onDiagnosis(new Diagnosis(null, "central", t, FaultKind.LINK_LOSS, fault.target(), 0.9, List.of(),
            Map.of(), "test"));
        diagnosed = true;
        assertThat(cloud.topology().pathsCrossing(link)).as("rerouted").isEmpty();
        assertThat(cloud.protectionProbes()).as("both ends probe across the link").hasSize(2)
            .allSatisfy(p -> assertThat(p.route()).contains(link));
      }
      if (!cleared.isEmpty() && !paused) {
        control.pauseAll("noc-alice", "core release");
        paused = true;
      }
      if (audit.stream().anyMatch(e -> e.action().kind() == ActionKind.RESTORE && e.state() == ActionState.REJECTED)) {
        control.resumeAll();
      }
      loop.tick();
    }

    assertThat(cleared).as("cleared once, after the fault ended").hasSize(1);
    assertThat(cleared.get(0)).isAfter(fault.end())
        .isBeforeOrEqualTo(fault.end().plus(spec.step().multipliedBy(SETTINGS.clearWindows() + 2)));
    List<ActionEvent> restores = audit.stream().filter(e -> e.action().kind() == ActionKind.RESTORE).toList();
    assertThat(restores).extracting(ActionEvent::state).containsExactly(ActionState.PROPOSED, ActionState.REJECTED,
        ActionState.PROPOSED, ActionState.APPROVED, ActionState.APPLIED, ActionState.VERIFIED);
    assertThat(restores.get(1).detail()).contains("paused").contains("noc-alice");
    assertThat(restores.get(0).time()).isEqualTo(cleared.get(0).plus(SETTINGS.waitToRestore()));
    assertThat(restores.get(2).time()).as("tried again one wait later")
        .isEqualTo(restores.get(1).time().plus(SETTINGS.waitToRestore()));
    assertThat(cloud.topology().pathsCrossing(link)).as("original routing back").hasSize(crossing);
    assertThat(cloud.protectionProbes()).as("probes stopped").isEmpty();
    assertThat(loop.protection().all()).isEmpty();
  }
}
