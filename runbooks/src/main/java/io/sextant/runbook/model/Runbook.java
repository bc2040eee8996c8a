package io.sextant.runbook.model;

import io.sextant.common.action.Step;
import io.sextant.common.model.ActionKind;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A declarative repair: when {@code trigger} matches, plan an action of {@code action} kind
 * (sized by the kind's built-in planner with {@code options}), pass it through {@code guard},
 * carry it out through {@code steps} (none: the node's adapter for the kind), and verify it within
 * {@code verify} or roll it back (each step undone, in reverse order).
 */
public record Runbook(
    String id,
    String description,
    Scope scope,
    Trigger trigger,
    ActionKind action,
    Map<String, String> options,
    List<Step> steps,
    GuardPolicy guard,
    VerifyPolicy verify) {

  /** Where a runbook runs: at the edge site itself (intra-site faults) or centrally. */
  public enum Scope {
    EDGE,
    CENTRAL
  }

  public Runbook {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(guard, "guard");
    Objects.requireNonNull(verify, "verify");
    description = description == null ? "" : description;
    options = options == null ? Map.of() : Map.copyOf(options);
    steps = steps == null ? List.of() : List.copyOf(steps);
  }

  /** A runbook acting through the node's adapter for its kind. */
  public Runbook(String id, String description, Scope scope, Trigger trigger, ActionKind action,
      Map<String, String> options, GuardPolicy guard, VerifyPolicy verify) {
    this(id, description, scope, trigger, action, options, List.of(), guard, verify);
  }

  public String option(String name, String fallback) {
    return options.getOrDefault(name, fallback);
  }
}
