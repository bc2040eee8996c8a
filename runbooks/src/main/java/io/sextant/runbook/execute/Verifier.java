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

  /**
   * The event time up to which the evidence on {@code resources} has arrived: the oldest of their
   * sites' newest samples' times (a resource silent while its site reports is silence, not late
   * evidence), {@link Instant#MIN} when one has never reported. The executor judges a deadline on
   * it, so that evidence still on its way (a busy bus, a centre behind) is not read as a failed
   * repair. {@link Instant#MAX} (the default) for a verifier that keeps no such time: its verdicts
   * are taken as they come, the deadline read on the clock alone.
   */
  default Instant reportedUntil(List<String> resources) {
    return Instant.MAX;
  }

  /**
   * What keeps {@code resources} from having recovered, for the audit of a rollback ("; still
   * firing: ..."); empty when the verifier cannot tell.
   */
  default String unrecovered(List<String> resources, List<String> kpi, Instant since) {
    return "";
  }
}
