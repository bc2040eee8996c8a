package io.sextant.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionKind;
import io.sextant.common.model.ActionState;
import io.sextant.common.time.MutableClock;
import io.sextant.runbook.execute.ActionExecutor;
import io.sextant.runbook.execute.Proposal;
import io.sextant.runbook.guard.Guard;
import io.sextant.runbook.load.RunbookLoader;
import io.sextant.runbook.model.GuardPolicy;
import io.sextant.runbook.model.Runbook;
import io.sextant.runbook.plan.ScaleOutPlanner;
import io.sextant.runbook.plan.TriggerContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * An executor stopped mid-way and a new one carrying on from the first one's audit events alone
 * ({@link Proposal#resume}), as a restarted centre does from its audit log.
 */
class ExecutorResumeTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T10:00:00Z"));
  final TestCloud cloud = new TestCloud();
  final AtomicBoolean recovered = new AtomicBoolean();
  final List<ActionEvent> audit = new ArrayList<>();
  final Runbook scaleOut = RunbookLoader.builtIn().get(0);
  final Runbook approved = new Runbook("approved", "", Runbook.Scope.CENTRAL, scaleOut.trigger(), ActionKind.SCALE_OUT,
      Map.of(), new GuardPolicy(1, Duration.ofHours(1), 20, List.of(), List.of(), true), scaleOut.verify());

  ActionExecutor executor() {
    return new ActionExecutor(clock, cloud, new Guard(clock), (resources, since) -> recovered.get(),
        Map.of(ActionKind.SCALE_OUT, new ScaleOutPlanner()), audit::add);
  }

  TriggerContext cpu() {
    return new TriggerContext("det-1", "edge-1", clock.instant(), "service:edge-1/web", 0.98, 0.35, List.of());
  }

  /** A new executor fed the audit so far, as {@code ClosedLoop.restore} feeds it. */
  ActionExecutor restarted(Runbook runbook) {
    ActionExecutor next = executor();
    List<ActionEvent> events = List.copyOf(audit);
    events.stream().filter(e -> e.state() == ActionState.APPROVED)
        .forEach(e -> next.guard().readmit(runbook.id(), e.action().site(), e.time()));
    Proposal.resume(runbook, events).ifPresent(r -> next.resume(runbook, r));
    return next;
  }

  /** A first process applies an action that recovers and is verified (stable for 10 s). */
  void appliedAndVerified(Runbook runbook) {
    recovered.set(true);
    ActionExecutor first = executor();
    first.handle(runbook, cpu());
    recoveredAndStable(first);
  }

  /** Ticks at +5 s (recovered since then) and +15 s (stable for 10 s): verified. */
  void recoveredAndStable(ActionExecutor executor) {
    clock.advance(Duration.ofSeconds(5));
    executor.tick();
    clock.advance(Duration.ofSeconds(10));
    executor.tick();
    assertThat(audit).extracting(ActionEvent::state).endsWith(ActionState.VERIFIED);
  }

  @Test
  void aPendingApprovalWaitsOnWithItsRequestTimeAndCanBeApproved() {
    ActionExecutor first = executor();
    first.handle(approved, cpu());
    Instant requested = clock.instant();
    String id = first.awaitingApproval().get(0).id();
    clock.advance(Duration.ofMinutes(5));

    ActionExecutor second = restarted(approved);
    assertThat(second.awaitingApproval()).extracting(a -> a.id()).containsExactly(id);
    assertThat(second.approvalRequestedAt()).containsEntry(id, requested);
    assertThat(second.handle(approved, cpu())).as("the same trigger again proposes nothing").isEmpty();
    assertThat(second.approve(id, "noc")).isTrue();
    assertThat(audit).extracting(ActionEvent::state).endsWith(ActionState.APPROVED, ActionState.APPLIED);
    assertThat(cloud.log).hasSize(1);
  }

  @Test
  void thePendingApprovalStillTimesOutFromItsFirstRequest() {
    executor().handle(approved, cpu());
    clock.advance(Duration.ofMinutes(10));
    ActionExecutor second = restarted(approved);
    clock.advance(Duration.ofMinutes(4));
    second.tick();
    assertThat(second.awaitingApproval()).hasSize(1);
    clock.advance(Duration.ofMinutes(1));
    second.tick();
    assertThat(second.awaitingApproval()).isEmpty();
    assertThat(audit.get(audit.size() - 1).detail()).startsWith("no approval within PT15M");
  }

  @Test
  void anActionUnderVerificationIsJudgedAgainstItsOriginalDeadline() {
    executor().handle(scaleOut, cpu());
    clock.advance(Duration.ofSeconds(20));
    ActionExecutor second = restarted(scaleOut);
    assertThat(second.inFlight()).singleElement().satisfies(f -> {
      assertThat(f.verify()).containsExactly("service:edge-1/web");
      assertThat(f.appliedAt()).isEqualTo(clock.instant().minusSeconds(20));
    });
    clock.advance(Duration.ofSeconds(25)); // 45 s after apply: past the 40 s window
    second.tick();
    assertThat(audit).extracting(ActionEvent::state).endsWith(ActionState.ROLLED_BACK);
    assertThat(cloud.log).last().isEqualTo("rollback SCALE_OUT service:edge-1/web");
  }

  @Test
  void anActionThatRecoversAfterTheRestartIsVerified() {
    executor().handle(scaleOut, cpu());
    ActionExecutor second = restarted(scaleOut);
    recovered.set(true);
    recoveredAndStable(second);
  }

  @Test
  void theRateWindowHoldsWhatThePreviousProcessAdmitted() {
    Runbook once = new Runbook("once", "", Runbook.Scope.CENTRAL, scaleOut.trigger(), ActionKind.SCALE_OUT, Map.of(),
        new GuardPolicy(1, Duration.ofHours(1), 20, List.of(), List.of(), false), scaleOut.verify());
    appliedAndVerified(once);
    ActionExecutor second = restarted(once);
    audit.clear();
    second.handle(once, cpu());
    assertThat(audit).extracting(ActionEvent::state).containsExactly(ActionState.PROPOSED, ActionState.REJECTED);
    assertThat(audit.get(1).detail()).startsWith("rate limit: 1 actions of once");
  }

  @Test
  void aFinishedActionIsNotResumed() {
    appliedAndVerified(scaleOut);
    assertThat(Proposal.resume(scaleOut, audit)).isEmpty();
  }
}
