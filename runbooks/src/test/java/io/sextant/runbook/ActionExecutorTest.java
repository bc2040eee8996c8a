package io.sextant.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionKind;
import io.sextant.common.model.ActionState;
import io.sextant.runbook.execute.ActionExecutor;
import io.sextant.runbook.guard.Guard;
import io.sextant.runbook.load.RunbookLoader;
import io.sextant.runbook.model.GuardPolicy;
import io.sextant.runbook.model.Runbook;
import io.sextant.runbook.plan.MigratePlanner;
import io.sextant.runbook.plan.ReroutePlanner;
import io.sextant.runbook.plan.ScaleOutPlanner;
import io.sextant.runbook.plan.TriggerContext;
import io.sextant.common.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Timeline tests of the action lifecycle: trigger at a time, states asserted at times. */
class ActionExecutorTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T10:00:00Z"));
  final TestCloud cloud = new TestCloud();
  final AtomicBoolean recovered = new AtomicBoolean();
  final List<ActionEvent> audit = new ArrayList<>();
  final ActionExecutor executor = new ActionExecutor(clock, cloud, new Guard(clock),
      (resources, since) -> recovered.get(),
      Map.of(ActionKind.SCALE_OUT, new ScaleOutPlanner(), ActionKind.REROUTE, new ReroutePlanner(),
          ActionKind.MIGRATE, new MigratePlanner(node -> !node.equals("node:edge-1/gpu1"))),
      audit::add);
  final Runbook scaleOut = RunbookLoader.builtIn().get(0);

  TriggerContext cpu(double observed, double expected) {
    return new TriggerContext("det-1", "edge-1", clock.instant(), "service:edge-1/web", observed, expected, List.of());
  }

  List<ActionState> states() {
    return audit.stream().map(ActionEvent::state).toList();
  }

  void step(int seconds) {
    clock.advance(Duration.ofSeconds(seconds));
    executor.tick();
  }

  @Test
  void scaleOutIsSizedLikeAnAutoscalerAndVerifiedOnceStable() {
    executor.handle(scaleOut, cpu(0.98, 0.35));
    // 2 replicas x 0.98/0.35 x 1.2 headroom = 6.72 -> 7; the baseline goes along, for the scale-back
    assertThat(cloud.log).containsExactly("apply SCALE_OUT service:edge-1/web {baseline=0.35, from=2, replicas=7}");
    assertThat(states()).containsExactly(ActionState.PROPOSED, ActionState.APPROVED, ActionState.APPLIED);
    step(5);
    recovered.set(true);
    step(5); // recovered since t+10
    assertThat(states()).doesNotContain(ActionState.VERIFIED);
    step(5);
    step(5); // stable for 10 s
    assertThat(states()).endsWith(ActionState.VERIFIED);
    assertThat(executor.inFlight()).isEmpty();
  }

  @Test
  void rollsBackWhenTheKpiDoesNotRecoverInTime() {
    executor.handle(scaleOut, cpu(0.98, 0.35));
    for (int t = 0; t < 40; t += 5) {
      step(5);
    }
    assertThat(states()).doesNotContain(ActionState.ROLLED_BACK);
    step(5); // past the 40 s verification window
    assertThat(states()).endsWith(ActionState.ROLLED_BACK);
    assertThat(cloud.log).last().isEqualTo("rollback SCALE_OUT service:edge-1/web");
    assertThat(audit.get(audit.size() - 1).detail()).contains("not recovered within PT40S");
  }

  @Test
  void aRecoveryThatDoesNotHoldIsNotVerified() {
    executor.handle(scaleOut, cpu(0.98, 0.35));
    recovered.set(true);
    step(5);
    recovered.set(false); // flapped back before stableFor
    step(5);
    recovered.set(true);
    step(5);
    assertThat(states()).doesNotContain(ActionState.VERIFIED);
    step(10);
    assertThat(states()).endsWith(ActionState.VERIFIED);
  }

  @Test
  void guardRefusesAnActionOverItsRateBudget() {
    Runbook tight = new Runbook("tight", "", Runbook.Scope.EDGE, scaleOut.trigger(), ActionKind.SCALE_OUT, Map.of(),
        new GuardPolicy(1, Duration.ofHours(1), 20, List.of(), List.of(), false), scaleOut.verify());
    recovered.set(true);
    executor.handle(tight, cpu(0.9, 0.3));
    step(5);
    step(10);
    assertThat(states()).endsWith(ActionState.VERIFIED);
    audit.clear();
    executor.handle(tight, cpu(0.9, 0.3));
    assertThat(states()).containsExactly(ActionState.PROPOSED, ActionState.REJECTED);
    assertThat(audit.get(1).detail()).startsWith("rate limit: 1 actions of tight");
    assertThat(cloud.log).hasSize(1);
    clock.advance(Duration.ofHours(1));
    executor.handle(tight, cpu(0.9, 0.3));
    assertThat(cloud.log).hasSize(2);
  }

  @Test
  void guardRefusesAnActionOverItsBlastRadius() {
    executor.handle(scaleOut, cpu(0.98, 0.05)); // would add 14 replicas; budget is 12
    assertThat(states()).containsExactly(ActionState.PROPOSED, ActionState.REJECTED);
    assertThat(audit.get(1).detail()).isEqualTo("blast radius 14 exceeds 12");
    assertThat(cloud.log).isEmpty();
  }

  @Test
  void guardRefusesADeniedTarget() {
    cloud.topology = cloud.topology.withServices(List.of(
        new io.sextant.common.topology.Service("central/portal", "central", "central/gpu1", 2, false)));
    executor.handle(scaleOut, new TriggerContext("d", "central", clock.instant(), "service:central/portal", 0.9,
        0.3, List.of()));
    assertThat(states()).containsExactly(ActionState.PROPOSED, ActionState.REJECTED);
    assertThat(audit.get(1).detail()).contains("deny list");
  }

  @Test
  void aFailedApplyIsRecordedAndNotVerified() {
    cloud.refuse = true;
    executor.handle(scaleOut, cpu(0.98, 0.35));
    assertThat(states()).containsExactly(ActionState.PROPOSED, ActionState.APPROVED, ActionState.FAILED);
    assertThat(audit.get(2).detail()).isEqualTo("orchestrator unavailable (retryable)");
    assertThat(executor.inFlight()).isEmpty();
  }

  @Test
  void aSecondTriggerWhileInFlightIsIgnored() {
    executor.handle(scaleOut, cpu(0.98, 0.35));
    assertThat(executor.handle(scaleOut, cpu(0.99, 0.35))).isEmpty();
    assertThat(cloud.log).hasSize(1);
  }

  @Test
  void approvalHoldsTheActionUntilAPersonApproves() {
    Runbook careful = new Runbook("careful", "", Runbook.Scope.CENTRAL, scaleOut.trigger(), ActionKind.SCALE_OUT,
        Map.of(), new GuardPolicy(3, Duration.ofHours(1), 20, List.of(), List.of(), true), scaleOut.verify());
    var action = executor.handle(careful, cpu(0.9, 0.3)).orElseThrow();
    assertThat(cloud.log).isEmpty();
    assertThat(executor.awaitingApproval()).containsExactly(action);
    assertThat(executor.approve(action.id(), "noc-operator")).isTrue();
    assertThat(cloud.log).hasSize(1);
    assertThat(audit.get(audit.size() - 2).detail()).isEqualTo("approved by noc-operator");
  }

  Runbook careful() {
    return new Runbook("careful", "", Runbook.Scope.CENTRAL, scaleOut.trigger(), ActionKind.SCALE_OUT,
        Map.of(), new GuardPolicy(3, Duration.ofHours(1), 20, List.of(), List.of(), true), scaleOut.verify());
  }

  @Test
  void aDeniedActionIsRejectedAndNeverApplied() {
    var action = executor.handle(careful(), cpu(0.9, 0.3)).orElseThrow();
    assertThat(executor.deny(action.id(), "noc-operator", "change freeze")).isTrue();
    assertThat(executor.awaitingApproval()).isEmpty();
    assertThat(states()).containsExactly(ActionState.PROPOSED, ActionState.REJECTED);
    assertThat(audit.get(1).detail()).isEqualTo("denied by noc-operator: change freeze");
    assertThat(executor.approve(action.id(), "late")).as("a denied action cannot be approved after").isFalse();
    assertThat(executor.deny(action.id(), "again", null)).isFalse();
    assertThat(cloud.log).isEmpty();
  }

  @Test
  void anUnansweredRequestForApprovalIsDeniedAtItsTimeout() {
    executor.approvalTimeout(Duration.ofMinutes(10));
    var action = executor.handle(careful(), cpu(0.9, 0.3)).orElseThrow();
    assertThat(executor.approvalRequestedAt()).containsEntry(action.id(), clock.instant());
    step(9 * 60 + 55);
    assertThat(executor.awaitingApproval()).containsExactly(action);
    step(5);
    assertThat(executor.awaitingApproval()).isEmpty();
    assertThat(states()).containsExactly(ActionState.PROPOSED, ActionState.REJECTED);
    assertThat(audit.get(1).detail()).isEqualTo("no approval within PT10M: denied");
    assertThat(executor.approve(action.id(), "late")).isFalse();
    assertThat(cloud.log).isEmpty();
  }

  @Test
  void rerouteMovesEveryPathCrossingTheLinkAndVerifiesThosePaths() {
    Runbook reroute = RunbookLoader.builtIn().get(1);
    executor.handle(reroute, new TriggerContext("dia-1", "central", clock.instant(), "link:r1~central", Double.NaN,
        Double.NaN, List.of("path:edge-1>central")));
    assertThat(cloud.log).containsExactly("apply REROUTE link:r1~central {avoid=r1~central, paths=2}");
    assertThat(executor.inFlight().get(0).verify()).containsExactly("path:edge-1>central", "path:central>edge-1");
  }

  @Test
  void migrationPicksAHealthyGpuNodeAtTheSameSite() {
    Runbook migrate = RunbookLoader.builtIn().get(2);
    executor.handle(migrate, new TriggerContext("dia-2", "central", clock.instant(), "node:edge-1/gpu1", Double.NaN,
        Double.NaN, List.of()));
    assertThat(cloud.log).containsExactly("apply MIGRATE node:edge-1/gpu1 {services=1, to=edge-1/gpu2}");
    assertThat(executor.inFlight().get(0).verify()).containsExactly("service:edge-1/inference");
  }
}
