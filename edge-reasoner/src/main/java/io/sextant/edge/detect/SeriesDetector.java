package io.sextant.edge.detect;

/**
 * The detector of one series as {@link SeriesDetectors} drives it: points in, a FIRING / RESOLVED
 * state machine out. Implementations hold no clock (time is the points' own) and are not
 * thread-safe: the owner confines each to one thread.
 */
sealed interface SeriesDetector permits BaselineDetector, ScoredDetector {

  /** Feeds one point; points must come in time order (epoch milliseconds). */
  BaselineDetector.Outcome observe(long epochMillis, double value);

  boolean firing();

  /** Past warm-up: the detector may fire. */
  boolean warmedUp();

  /** The level the series is judged against; frozen at its pre-fault value while firing. */
  double expected();

  /** The score in [0, 1] of {@code value}, the point just observed. */
  double score(double value);

  /** Why the series is judged as it is (an auto detector's choice and its reasons); null when nothing to say. */
  default String evidence() {
    return null;
  }

  /** Ends a firing episode whose series stopped reporting. */
  void expire();

  DetectorRule rule();

  /** Time of the last accepted point, epoch milliseconds; {@code Long.MIN_VALUE} before the first. */
  long lastMillis();
}
