package io.sextant.edge.eval;

import java.util.List;

/**
 * A detector's NAB result for one profile: the corpus-wide threshold that maximises the raw score,
 * the raw score there, the null detector's and a perfect detector's raw scores, and the normalised
 * score {@code 100 (raw - null) / (perfect - null)} that NAB publishes.
 */
public record ProfileResult(NabProfile profile, double threshold, double rawScore, double nullScore,
    double perfectScore, double normalizedScore, WindowMetrics windows, List<FileScore> files) {
  public ProfileResult {
    files = List.copyOf(files);
  }
}
