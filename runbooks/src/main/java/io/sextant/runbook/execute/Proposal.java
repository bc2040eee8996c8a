package io.sextant.runbook.execute;

import io.sextant.common.model.Action;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionState;
import io.sextant.runbook.model.Runbook;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where an action stood when its process stopped, read back from its audit events: what a
 * restarted executor needs to carry on ({@link ActionExecutor#resume}). The audit log is the
 * executor's only durable state: every step is recorded before it is acted on, and the proposal's
 * text carries the trigger's resource and the resources to verify (the planner computed those
 * from a topology that may have changed since, e.g. by this very reroute).
 */
public final class Proposal {
  private static final String VERIFY = ", verify ";
  private static final String FOR = " for ";
  private static final String TRIGGER = " (trigger ";

  private Proposal() {}

  /** Where a resumed action stands. */
  public enum Stage { AWAITING_APPROVAL, VERIFYING, TEMPORARY }

  /** An action to carry on, with the times its stage runs from. */
  public record Resumed(Stage stage, Action action, String triggerResource, List<String> verify, Instant proposedAt,
      Instant appliedAt, Instant verifiedAt) {
    public Resumed {
      verify = List.copyOf(verify);
    }
  }

  /** The end of a proposal's detail that names the resources to verify; empty when there are none. */
  static String verifySuffix(List<String> verify) {
    return verify.isEmpty() ? "" : VERIFY + String.join(" ", verify);
  }

  /** The resources a proposal's detail names to verify ({@link #verifySuffix}); empty when none. */
  public static List<String> verifyOf(String detail) {
    int v = detail == null ? -1 : detail.lastIndexOf(VERIFY);
    return v < 0 ? List.of() : Arrays.asList(detail.substring(v + VERIFY.length()).split(" "));
  }

  /**
   * Where one action stands after {@code events} (all of its events, in recording order), or empty
   * when it needs nothing more: answered, failed, rolled back, reverted, or a step this executor
   * cannot take back. An action approved but not recorded as applied (stopped inside the adapter
   * call) is not resumed: whether the adapter acted is unknown, and the audit shows it APPROVED
   * for a person to check.
   */
  public static Optional<Resumed> resume(Runbook runbook, List<ActionEvent> events) {
    ActionEvent proposed = null;
    ActionEvent last = null;
    Instant appliedAt = null;
    for (ActionEvent e : events) {
      if (e.state() == ActionState.CALL) {
        continue;
      }
      if (e.state() == ActionState.PROPOSED) {
        proposed = e;
      }
      if (e.state() == ActionState.APPLIED) {
        appliedAt = e.time();
      }
      last = e;
    }
    if (proposed == null || !proposed.detail().startsWith("runbook " + runbook.id() + FOR)) {
      return Optional.empty();
    }
    String detail = proposed.detail();
    int from = ("runbook " + runbook.id() + FOR).length();
    int to = detail.indexOf(TRIGGER, from);
    if (to < 0) {
      return Optional.empty();
    }
    String resource = detail.substring(from, to);
    List<String> verify = verifyOf(detail);
    Stage stage = switch (last.state()) {
      case PROPOSED -> runbook.guard().requireApproval() ? Stage.AWAITING_APPROVAL : null;
      case APPLIED -> Stage.VERIFYING;
      case VERIFIED -> runbook.verify().reverts() ? Stage.TEMPORARY : null;
      default -> null;
    };
    if (stage == null) {
      return Optional.empty();
    }
    return Optional.of(new Resumed(stage, last.action(), resource, verify, proposed.time(), appliedAt,
        stage == Stage.TEMPORARY ? last.time() : null));
  }
}
