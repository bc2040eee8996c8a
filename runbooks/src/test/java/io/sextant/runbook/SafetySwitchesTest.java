package io.sextant.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.action.Step;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionKind;
import io.sextant.common.model.ActionState;
import io.sextant.common.time.MutableClock;
import io.sextant.runbook.execute.ActionExecutor;
import io.sextant.runbook.guard.Guard;
import io.sextant.runbook.load.RunbookLoader;
import io.sextant.runbook.model.Runbook;
import io.sextant.runbook.plan.Planners;
import io.sextant.runbook.plan.TriggerContext;
import io.sextant.runbook.safety.AutomationControl;
import io.sextant.runbook.safety.AutomationSettings;
import io.sextant.runbook.safety.ChangeFreeze;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The safety switches as an operator uses them: in dry run and while paused (for all sites or one),
 * frozen, blacked out by a silence or over the site's hourly budget, nothing is applied and the
 * audit says why; and a temporary action is reverted after its time.
 */
class SafetySwitchesTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T10:00:00Z"));
  final TestCloud cloud = new TestCloud();
  final AtomicBoolean recovered = new AtomicBoolean();
  final List<ActionEvent> audit = new ArrayList<>();
  final AutomationControl control = AutomationControl.open(clock);
  final ActionExecutor executor = new ActionExecutor(clock, cloud, new Guard(clock, control),
      (resources, since) -> recovered.get(), Planners.all(node -> true), audit::add);
  final Runbook scaleOut = RunbookLoader.builtIn().get(0);

  {
    List<io.sextant.common.topology.Service> services = new ArrayList<>(cloud.topology.services());
    for (String s : List.of("db", "api", "a", "b", "c", "d")) {
      services.add(new io.sextant.common.topology.Service("edge-1/" + s, "edge-1", "edge-1/n1", 2, false));
    }
    cloud.topology = cloud.topology.withServices(services);
  }

  TriggerContext cpu(String service) {
    return new TriggerContext("det-" + service, "edge-1", clock.instant(), "service:edge-1/" + service, 0.9, 0.3,
        List.of());
  }

  ActionEvent last() {
    return audit.get(audit.size() - 1);
  }

  @Test
  void dryRunPlansGuardsAndAuditsButAppliesNothing() {
    control.setDryRun(true);
    executor.handle(scaleOut, cpu("web"));
    assertThat(cloud.log).isEmpty();
    assertThat(audit).extracting(ActionEvent::state)
        .containsExactly(ActionState.PROPOSED, ActionState.APPROVED, ActionState.DRY_RUN);
    assertThat(last().detail()).startsWith("dry run: would apply SCALE_OUT on service:edge-1/web")
        .contains("nothing was changed");
    assertThat(executor.inFlight()).isEmpty();
  }

  @Test
  void pausedForAllSitesOrOneSiteNothingIsAppliedAndTheAuditSaysWhoAndWhy() {
    control.pauseAll("noc-alice", "core upgrade");
    executor.handle(scaleOut, cpu("web"));
    assertThat(last().state()).isEqualTo(ActionState.REJECTED);
    assertThat(last().detail()).contains("automation is paused for all sites by noc-alice").contains("core upgrade");

    control.resumeAll();
    control.pauseSite("edge-1", "noc-bob", "fibre work");
    executor.handle(scaleOut, cpu("db"));
    assertThat(last().detail()).contains("automation is paused at site edge-1 by noc-bob");
    assertThat(cloud.log).isEmpty();

    control.resumeSite("edge-1");
    executor.handle(scaleOut, cpu("api"));
    assertThat(last().state()).isEqualTo(ActionState.APPLIED);
  }

  @Test
  void changeFreezesAndOutsideBlackoutsHoldEveryRunbook() {
    control.addFreeze(new ChangeFreeze("black-friday", List.of("edge-*"), clock.instant().minusSeconds(60),
        clock.instant().plus(Duration.ofHours(2)), "peak sales"));
    executor.handle(scaleOut, cpu("web"));
    assertThat(last().detail()).contains("change freeze black-friday at edge-1").contains("peak sales");
    control.removeFreeze("black-friday");
    control.blackouts((site, target, at) -> target.endsWith("/db")
        ? Optional.of("silenced by s-1 until 11:00 by noc") : Optional.empty());
    executor.handle(scaleOut, cpu("db"));
    assertThat(last().state()).isEqualTo(ActionState.REJECTED);
    assertThat(last().detail()).isEqualTo("silenced by s-1 until 11:00 by noc");
    assertThat(cloud.log).isEmpty();
  }

  @Test
  void theSiteBudgetCountsActionsOfEveryRunbookAndRefillsAfterAnHour() {
    AutomationControl tight = new AutomationControl(clock, new AutomationSettings(false, false, List.of(), 2,
        List.of()));
    ActionExecutor ex = new ActionExecutor(clock, cloud, new Guard(clock, tight), (r, s) -> true,
        Planners.all(n -> true), audit::add);
    Runbook other = new Runbook("other", "", Runbook.Scope.EDGE, scaleOut.trigger(), ActionKind.SCALE_OUT,
        scaleOut.options(), scaleOut.guard(), scaleOut.verify());
    ex.handle(scaleOut, cpu("a"));
    ex.handle(other, cpu("b"));
    ex.handle(other, cpu("c"));
    assertThat(last().state()).isEqualTo(ActionState.REJECTED);
    assertThat(last().detail()).contains("site budget: 2 actions at edge-1 in the last hour (max 2 across all runbooks)");
    clock.advance(Duration.ofMinutes(61));
    ex.handle(other, cpu("d"));
    assertThat(last().state()).isEqualTo(ActionState.APPLIED);
  }

  @Test
  void anApprovalGivenWhilePausedIsRefused() {
    Runbook careful = new Runbook("careful", "", Runbook.Scope.CENTRAL, scaleOut.trigger(), ActionKind.SCALE_OUT,
        scaleOut.options(), new io.sextant.runbook.model.GuardPolicy(3, Duration.ofHours(1), 20, List.of(),
            List.of(), true), scaleOut.verify());
    String id = executor.handle(careful, cpu("web")).orElseThrow().id();
    control.pauseAll("noc", "incident");
    assertThat(executor.approve(id, "alice")).isTrue();
    assertThat(last().state()).isEqualTo(ActionState.REJECTED);
    assertThat(last().detail()).contains("paused").contains("approved by alice");
    assertThat(cloud.log).isEmpty();
  }

  @Test
  void stepsTravelWithTheActionAndATemporaryActionIsRevertedAfterItsTime() {
    Runbook burst = RunbookLoader.parse("burst.yaml", """
        id: burst
        scope: central
        trigger: {detection: link_utilization_ratio}
        action: {kind: BANDWIDTH, options: {baseMbps: 100, burstMbps: 10000}}
        steps: [{hook: transport}]
        verify: {within: 30s, stableFor: 5s, revertAfter: 10m}
        """);
    recovered.set(true);
    executor.handle(burst, new TriggerContext("det-l", "central", clock.instant(), "link:l-1", 0.97, 0.4, List.of()));
    assertThat(cloud.log).containsExactly("apply BANDWIDTH link:l-1 {from=100, mbps=10000, steps=hook:transport}");
    assertThat(Step.of(audit.get(0).action())).containsExactly(new Step(Step.Adapter.HOOK, "transport"));
    clock.advance(Duration.ofSeconds(5));
    executor.tick();
    clock.advance(Duration.ofSeconds(5));
    executor.tick();
    assertThat(last().state()).isEqualTo(ActionState.VERIFIED);
    assertThat(executor.temporary()).hasSize(1);
    clock.advance(Duration.ofMinutes(9));
    executor.tick();
    assertThat(last().state()).isEqualTo(ActionState.VERIFIED);
    clock.advance(Duration.ofMinutes(2));
    executor.tick();
    assertThat(last().state()).isEqualTo(ActionState.REVERTED);
    assertThat(last().detail()).contains("revertAfter PT10M");
    assertThat(cloud.log).last().isEqualTo("rollback BANDWIDTH link:l-1");
    assertThat(executor.temporary()).isEmpty();
  }
}
