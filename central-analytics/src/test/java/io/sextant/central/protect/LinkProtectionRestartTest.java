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
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A centre killed while a link is protected, on the simulated cloud and a controllable clock: the
 * new process has only the audit log (the store) and the cloud as it stands (rerouted). It protects
 * the link again ({@link ClosedLoop#restore}), asks for the same probes, clears the link's alarm
 * once the link is healthy, and restores the original routing one wait-to-restore later, never
 * before: whether it was killed during the fault or while waiting to restore.
 */
class LinkProtectionRestartTest {
  static final ProtectionSettings SETTINGS = new ProtectionSettings(Duration.ofMinutes(2), 3, 20, 0.05);

  enum Kill { DURING_THE_FAULT, WAITING_TO_RESTORE }

  @ParameterizedTest
  @EnumSource(Kill.class)
  void aCentreKilledWhileALinkIsProtectedStillRestoresItAfterTheLinkHeals(Kill kill) {
    CloudSpec spec = CloudSpec.defaults().withSeed(7);
    SimulatedCloud cloud = SimulatedCloud.withDefaultFaults(spec);
    Fault fault = cloud.schedule().faults().stream().filter(f -> f.kind() == FaultKind.LINK_LOSS).findFirst()
        .orElseThrow();
    String link = fault.target().substring("link:".length());
    List<String> crossing = cloud.topology().pathsCrossing(link).stream().map(p -> p.resource()).toList();
    long windowsBefore = Duration.between(spec.start(), fault.start()).dividedBy(spec.step()) - 6;
    MutableClock clock = new MutableClock(spec.start().plus(spec.step().multipliedBy(windowsBefore)));
    List<ActionEvent> audit = new ArrayList<>(); // the store's audit log: it outlives the process
    List<Instant> cleared = new ArrayList<>();
    LinkProtection.Outputs outputs = SiteOutputs.of(cloud, resource -> cleared.add(clock.instant()));
    LiveState state = new LiveState();
    ClosedLoop loop = new ClosedLoop(clock, cloud, RunbookLoader.builtIn(), state, audit::add,
        AutomationControl.open(clock), "central", SETTINGS, outputs);

    Instant killedAt = null;
    boolean diagnosed = false;
    Instant end = fault.end().plus(Duration.ofMinutes(8));
    while (clock.instant().isBefore(end)) {
      Instant t = clock.advance(spec.step());
      List<Sample> window = cloud.collectAll(t);
      state.onSamples(window);
      loop.onSamples(window);
      if (!diagnosed && !t.isBefore(fault.start().plusSeconds(30))) {
        loop.onDiagnosis(new Diagnosis(null, "central", t, FaultKind.LINK_LOSS, fault.target(), 0.9, List.of(),
            Map.of(), "test"));
        diagnosed = true;
      }
      boolean due = kill == Kill.DURING_THE_FAULT ? !t.isBefore(fault.start().plusSeconds(120))
          : loop.protection().get(link).map(p -> p.phase() == LinkProtection.Phase.WAIT_TO_RESTORE).orElse(false);
      if (diagnosed && killedAt == null && due) {
        // SIGKILL and start again: a new loop and live state on the same store and cloud.
        List<String> probesBefore = cloud.protectionProbes().stream().map(p -> p.src() + ">" + p.peer()).toList();
        state = new LiveState();
        loop = new ClosedLoop(clock, cloud, RunbookLoader.builtIn(), state, audit::add, AutomationControl.open(clock),
            "central", SETTINGS, outputs);
        loop.restore(List.copyOf(audit));
        killedAt = t;
        assertThat(loop.protection().get(link)).as("protected again").hasValueSatisfying(p -> {
          assertThat(p.phase()).isEqualTo(LinkProtection.Phase.PROTECTING);
          assertThat(p.paths()).containsExactlyInAnyOrderElementsOf(crossing);
        });
        assertThat(cloud.protectionProbes()).as("the same probes, asked for again")
            .extracting(p -> p.src() + ">" + p.peer()).containsExactlyInAnyOrderElementsOf(probesBefore).hasSize(2);
        assertThat(cloud.topology().pathsCrossing(link)).as("still rerouted").isEmpty();
      }
      loop.tick();
    }

    assertThat(killedAt).as("killed while protected").isNotNull();
    List<ActionEvent> restores = audit.stream().filter(e -> e.action().kind() == ActionKind.RESTORE).toList();
    assertThat(restores).extracting(ActionEvent::state).containsExactly(ActionState.PROPOSED, ActionState.APPROVED,
        ActionState.APPLIED, ActionState.VERIFIED);
    Instant lastClear = cleared.get(cleared.size() - 1);
    assertThat(lastClear).as("cleared after the restart, once healthy").isAfter(killedAt).isAfter(fault.end());
    assertThat(restores.get(0).time()).as("one wait-to-restore after the clear, not before")
        .isEqualTo(lastClear.plus(SETTINGS.waitToRestore()));
    assertThat(cloud.topology().pathsCrossing(link)).as("original routing back").hasSize(crossing.size());
    assertThat(cloud.protectionProbes()).as("probes stopped").isEmpty();
    assertThat(loop.protection().all()).isEmpty();
  }
}
