package io.sextant.runbook.execute;

import java.time.Instant;
import java.util.List;

/**
 * Judges whether the KPIs of some resources are back to normal. Implementations must require
 * evidence newer than {@code since} (a measurement taken after the action), so that silence is
 * never mistaken for recovery.
 */
@FunctionalInterface
public interface Verifier {
  boolean recovered(List<String> resources, Instant since);

  /** The same, judging only the detectors of the metrics in {@code kpi} (all when empty). */
  default boolean recovered(List<String> resources, List<String> kpi, Instant since) {
    return recovered(resources, since);
  }
}
