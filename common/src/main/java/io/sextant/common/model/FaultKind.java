package io.sextant.common.model;

/** The kinds of fault Sextant diagnoses; the simulated cloud injects the same kinds. */
public enum FaultKind {
  LINK_LOSS,
  GPU_NODE_FAILURE,
  CPU_SATURATION,
  /** A service answers slowly; the services that call it, directly or not, slow down with it. */
  SERVICE_SLOW,
  /** A service fails requests; the services that call it fail theirs. */
  SERVICE_ERRORS
}
