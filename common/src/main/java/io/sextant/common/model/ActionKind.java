package io.sextant.common.model;

/** What an automated action does to the cloud. */
public enum ActionKind {
  /** Add replicas of a service ({@code replicas} = the new count). */
  SCALE_OUT,
  /** Move the paths that cross a link onto routes that avoid it ({@code avoid} = link id). */
  REROUTE,
  /** Move services off a node ({@code to} = the backup node). */
  MIGRATE
}
