package io.sextant.common.model;

/** What an automated action does to the cloud. */
public enum ActionKind {
  /**
   * Add replicas of a service ({@code replicas} = the new count, {@code from} = the old one, {@code baseline} =
   * the utilization a replica normally runs at, when the planner knew it).
   */
  SCALE_OUT,
  /** Move the paths that cross a link onto routes that avoid it ({@code avoid} = link id). */
  REROUTE,
  /** Move services off a node ({@code to} = the backup node). */
  MIGRATE,
  /**
   * Remove replicas of a service whose load has gone ({@code replicas} = the new count, {@code from} = the old one;
   * {@code reverts} = the scale-out it gives back, when the centre scales back after a fault).
   */
  SCALE_IN,
  /** Move a path, link or service to another QoS class ({@code class} = the new one, {@code from} = the old one). */
  QOS_CHANGE,
  /**
   * Raise a link's bandwidth for a burst ({@code mbps} = the new rate, {@code from} = the normal one); lowered
   * again by the rollback, or after the runbook's {@code revertAfter} once verified.
   */
  BANDWIDTH,
  /** Restart what runs a resource (a systemd unit at an edge gateway, say); parameters from the runbook. */
  RESTART,
  /**
   * Keep probing a peer across a link that a reroute moved traffic off (a protection probe): sent to
   * the probing site as a command by the centre, never planned by a runbook. {@code link} = the link,
   * {@code src} = the probing site, {@code peer} = the site probed, {@code route} = the links the
   * probes must cross (comma-separated), {@code probes} = per window, {@code protects} = the reroute's
   * action id. Its rollback stops the probes.
   */
  PROBE,
  /**
   * Undo a reroute once its link is healthy again and the wait-to-restore time has passed
   * ({@code restores} = the reroute's action id, {@code link} = the link): carried out as the
   * rollback of that reroute; its own rollback puts the reroute back.
   */
  RESTORE;

  /** Whether a runbook may name this kind: the centre's own protection kinds it plans itself. */
  public boolean inRunbooks() {
    return this != PROBE && this != RESTORE;
  }
}
