package io.sextant.runbook.model;

import java.time.Duration;
import java.util.List;

/**
 * Limits on what a runbook may do by itself. {@code maxActions} per {@code window} is the rate
 * limit; {@code maxBlastRadius} caps the resources one action may touch (paths moved, services
 * migrated, replicas added); {@code allow}/{@code deny} are glob patterns on the action target
 * (deny wins); {@code requireApproval} stops the action at PROPOSED until a person approves.
 */
public record GuardPolicy(
    int maxActions, Duration window, int maxBlastRadius, List<String> allow, List<String> deny,
    boolean requireApproval) {

  public static final int DEFAULT_MAX_ACTIONS = 3;
  public static final Duration DEFAULT_WINDOW = Duration.ofHours(1);
  public static final int DEFAULT_MAX_BLAST_RADIUS = 10;

  public GuardPolicy {
    if (maxActions <= 0 || window == null || window.isNegative() || window.isZero() || maxBlastRadius <= 0) {
      throw new IllegalArgumentException("guard: maxActions, window and maxBlastRadius must be positive");
    }
    allow = allow == null || allow.isEmpty() ? List.of("*") : List.copyOf(allow);
    deny = deny == null ? List.of() : List.copyOf(deny);
  }

  public static GuardPolicy defaults() {
    return new GuardPolicy(DEFAULT_MAX_ACTIONS, DEFAULT_WINDOW, DEFAULT_MAX_BLAST_RADIUS, List.of(), List.of(), false);
  }
}
