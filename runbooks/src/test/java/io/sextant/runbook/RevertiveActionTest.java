package io.sextant.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionState;
import io.sextant.common.time.MutableClock;
import io.sextant.runbook.execute.ActionExecutor;
import io.sextant.runbook.execute.Verifier;
import io.sextant.runbook.guard.Guard;
import io.sextant.runbook.load.RunbookException;
import io.sextant.runbook.load.RunbookLoader;
import io.sextant.runbook.model.Runbook;
import io.sextant.runbook.plan.Planners;
import io.sextant.runbook.plan.TriggerContext;
import io.sextant.runbook.safety.AutomationControl;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A revertive action (verify {@code waitToRestore}), on the timeline of a BGP session that flaps a
 * prefix: traffic is moved off the session, verified on the session staying up, and moved back only
 * once the session's flap detection has been quiet for the whole wait-to-restore; a detection in
 * between starts the wait again, and a paused edge holds the restore.
 */
class RevertiveActionTest {
  static final String SESSION = "bgp-session:edge-2/edge-2/10.204.2.2";
  final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T17:00:00Z"));
  final TestCloud cloud = new TestCloud();
  /** Whether the session's flap-penalty detector fires (every metric); its bgp_session_up never does. */
  final AtomicBoolean flapping = new AtomicBoolean(true);
  final List<ActionEvent> audit = new ArrayList<>();
  final AutomationControl control = AutomationControl.open(clock);
  final Verifier verifier = new Verifier() {
    @Override
    public boolean recovered(List<String> resources, Instant since) {
      return recovered(resources, List.of(), since);
    }

    @Override
    public boolean recovered(List<String> resources, List<String> kpi, Instant since) {
      return kpi.equals(List.of("bgp_session_up")) || !flapping.get();
    }
  };
  final ActionExecutor executor = new ActionExecutor(clock, cloud, new Guard(clock, control), verifier,
      Planners.all(node -> true), audit::add);
  final Runbook protect = RunbookLoader.parse("protect.yaml", """
      id: protect-flapping-session
      scope: edge
      trigger: {detection: bgp_flap_penalty}
      action: {kind: REROUTE}
      steps: [{routing: reroute}]
      verify: {kpi: [bgp_session_up], within: 20s, stableFor: 2s, waitToRestore: 30s}
      """);

  ActionEvent last() {
    return audit.get(audit.size() - 1);
  }

  void tick(int seconds) {
    for (int i = 0; i < seconds; i++) {
      clock.advance(Duration.ofSeconds(1));
      executor.tick();
    }
  }

  @Test
  void theSessionIsRestoredOnlyAfterItsDetectionStayedQuietForTheWaitToRestore() {
    executor.handle(protect, new TriggerContext("det-1", "edge-2", clock.instant(), SESSION, 2400, 2000, List.of()));
    assertThat(cloud.log).containsExactly("apply REROUTE " + SESSION + " {session=10.204.2.2, steps=routing:reroute}");
    tick(3); // stable for 2 s from the first tick that saw it recovered
    assertThat(last().state()).isEqualTo(ActionState.VERIFIED);
    tick(60); // still flapping: no restore however long
    assertThat(cloud.log).hasSize(1);
    flapping.set(false); // decayed below reuse: the detection resolved
    tick(20);
    flapping.set(true); // one more burst: the wait starts again
    tick(1);
    flapping.set(false);
    tick(29);
    assertThat(cloud.log).as("29 s quiet is not 30").hasSize(1);
    tick(1);
    assertThat(last().state()).isEqualTo(ActionState.REVERTED);
    assertThat(last().detail()).contains("waitToRestore PT30S").contains(SESSION + " quiet since");
    assertThat(cloud.log).last().isEqualTo("rollback REROUTE " + SESSION);
    assertThat(executor.temporary()).isEmpty();
  }

  @Test
  void aPausedEdgeHoldsTheRestoreAndAuditsWhy() {
    executor.handle(protect, new TriggerContext("det-1", "edge-2", clock.instant(), SESSION, 2400, 2000, List.of()));
    tick(3); // stable for 2 s from the first tick that saw it recovered
    flapping.set(false);
    control.pauseAll("alice", "maintenance");
    tick(30);
    assertThat(last().state()).isEqualTo(ActionState.CALL);
    assertThat(last().detail()).contains("held by the guard").contains("maintenance");
    assertThat(cloud.log).hasSize(1);
    control.resumeAll();
    tick(30);
    assertThat(last().state()).isEqualTo(ActionState.REVERTED);
  }

  @Test
  void aPrefixNamesNoSessionAndFixedAndRevertiveTimesDoNotMix() {
    assertThat(executor.handle(protect, new TriggerContext("det-2", "edge-2", clock.instant(),
        "bgp-prefix:edge-2/edge-2/10.210.0.0/24", 2400, 2000, List.of()))).isEmpty();
    assertThatThrownBy(() -> RunbookLoader.parse("both.yaml", """
        id: both
        scope: edge
        trigger: {detection: bgp_flap_penalty}
        action: {kind: REROUTE}
        verify: {revertAfter: 1m, waitToRestore: 30s}
        """)).isInstanceOf(RunbookException.class).hasMessageContaining("not both");
  }
}
