package io.sextant.common.model;

/** The kinds of fault Sextant diagnoses; the simulated cloud injects the same kinds. */
public enum FaultKind {
  LINK_LOSS,
  GPU_NODE_FAILURE,
  CPU_SATURATION
}
