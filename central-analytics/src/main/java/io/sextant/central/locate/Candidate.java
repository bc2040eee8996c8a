package io.sextant.central.locate;

import java.util.Comparator;
import java.util.List;

/**
 * One link evaluated as the explanation of the current bad paths.
 *
 * @param linkId the link
 * @param paths every path crossing it
 * @param bad the currently bad paths crossing it (its coverage)
 * @param estimateT its estimated loss in transform units: the median residual of {@code bad}
 * @param consistent how many of {@code paths} show that loss
 * @param consistency {@code consistent / paths.size()}
 * @param score {@code bad.size() × consistency}: bad paths explained, discounted by the paths
 *     that contradict the link
 */
record Candidate(
    String linkId,
    List<PathState> paths,
    List<PathState> bad,
    double estimateT,
    int consistent,
    double consistency,
    double score) {

  /**
   * Best first: higher score; on a tie the link whose loss shows on more paths (it explains more
   * of the data); then link id, so results are reproducible.
   */
  static final Comparator<Candidate> BEST_FIRST = Comparator.comparingDouble(Candidate::score).reversed()
      .thenComparing(Comparator.comparingInt(Candidate::consistent).reversed())
      .thenComparing(Candidate::linkId);

  /** Evaluates {@code linkId}; {@code bad} must not be empty. */
  static Candidate of(String linkId, List<PathState> paths, List<PathState> bad) {
    double estimateT = LossMath.median(bad.stream().mapToDouble(PathState::residual).toArray());
    int consistent = (int) paths.stream().filter(p -> p.showsExtra(estimateT)).count();
    double consistency = (double) consistent / paths.size();
    return new Candidate(linkId, paths, bad, estimateT, consistent, consistency, bad.size() * consistency);
  }

  boolean eligible(LocalizerSettings settings) {
    return consistency >= settings.minConsistency() && estimateT >= settings.minExcess();
  }
}
