package io.sextant.central.rca.eval;

import io.sextant.central.rca.Ranking;

/** One case's outcome: its ranking and the root cause's rank (0: not ranked), or why it could not be evaluated. */
public record CaseResult(String scenario, String id, String rootCause, String fault, Ranking ranking, int rank,
    String error) {
  public static CaseResult failed(String scenario, String id, String error) {
    return new CaseResult(scenario, id, null, null, null, 0, error);
  }

  public boolean ok() {
    return error == null;
  }
}
