package io.sextant.central.locate;

/**
 * One path during a {@link LinkLocalizer#locate} call: its evidence and the loss already
 * attributed to links blamed earlier in the round. Mutable, confined to one call.
 */
final class PathState {
  final PathEvidence evidence;
  private final double baseT;
  private final double observedT;
  private double explainedT;
  private boolean attributed;

  PathState(PathEvidence evidence) {
    this.evidence = evidence;
    this.baseT = LossMath.transform(Math.max(evidence.baselineLoss(), LossMath.MIN_BASELINE));
    this.observedT = LossMath.transform(evidence.observedLoss());
  }

  String id() {
    return evidence.pathId();
  }

  /** Excess not yet attributed: {@code max(0, T(observed) - T(baseline) - Σ T(blamed links))}. */
  double residual() {
    return Math.max(0, observedT - baseT - explainedT);
  }

  /**
   * Bad: the residual is beyond probe noise and either at least the minimum excess or backed by
   * the edge detector. Beyond noise means the lost probes are unlikely under the expected loss:
   * the exact binomial upper tail at the path's probe count is below the level of a {@code k}-sigma
   * test ({@link LocalizerSettings#noiseLevel}). The detector's flag lowers the bar to the noise
   * floor because it has seen the path's own history; a flag with no measured excess at all (it
   * fired on an older window) is not loss this round can explain. Once a finding accounts for the
   * path, the flag is spent and only the measured residual counts.
   */
  boolean bad(LocalizerSettings settings) {
    double r = residual();
    if (!(r > 0 && (r >= settings.minExcess() || (evidence.anomalous() && !attributed)))) {
      return false;
    }
    int probes = evidence.probes();
    int lost = (int) Math.round(evidence.observedLoss() * probes);
    return LossMath.upperTail(lost, probes, expectedLoss()) < settings.noiseLevel();
  }

  /**
   * Whether the observation is more likely if this path also crosses a link adding {@code extraT}
   * (transform units) than if it carries only what is already expected. One-sided by design: a
   * path may show more loss than the link, because another lossy link may sit on it too.
   */
  boolean showsExtra(double extraT) {
    double q0 = expectedLoss();
    double q1 = LossMath.loss(baseT + explainedT + extraT);
    return evidence.observedLoss() >= LossMath.likelihoodBoundary(q0, q1);
  }

  /** Attributes {@code linkT} (transform units) of this path's loss to a blamed link. */
  void explain(double linkT) {
    explainedT += linkT;
    attributed = true;
  }

  private double expectedLoss() {
    return LossMath.loss(baseT + explainedT);
  }
}
