package io.sextant.edge.detect;

/**
 * A stand-alone streaming scorer of one series (novelty, seasonal): a score in [0, 1] per point,
 * points in time order. {@link ScoredDetector} turns its scores into FIRING / RESOLVED.
 */
interface PointScorer {

  /** Scores one point and learns from it; a non-finite value scores 0 and is not learned. */
  double score(long epochMillis, double value);

  /** What the last scored point was compared with, in the metric's unit. */
  double expected();

  /** The score from which a point is an alert; repeated alerts are held below it for a while. */
  double alertScore();

  /** Why the series is scored as it is (which detector, on what evidence); null when there is nothing to say. */
  default String evidence() {
    return null;
  }

  /** Bytes {@link #save} writes now. */
  int stateBytes();

  /** Writes what the scorer learned, for a checkpoint (see {@link DetectorStates}). */
  void save(java.nio.ByteBuffer out);

  /**
   * Reads what {@link #save} wrote into this fresh scorer, built with the same settings; refuses
   * (IllegalArgumentException) a record of another shape or with values it could not have held.
   */
  void restore(java.nio.ByteBuffer in);
}
