package io.sextant.central.locate;

/**
 * Thresholds of the {@link LinkLocalizer}.
 *
 * @param minExcess smallest excess loss, in transform units (≈ loss ratio), that makes an
 *     unflagged path bad and that a finding may report; below it loss is operationally noise
 * @param minConsistency smallest fraction of a link's paths that must show the link's loss for it
 *     to be blamed; below 1 so that one noisy or late path cannot clear a lossy link
 * @param maxFaults most links blamed in one round; bounds the greedy search
 * @param noiseSigmas how many standard deviations an excess must exceed to be more than probe
 *     noise; applied as the false-alarm rate of a one-sided {@code k}-sigma test (see
 *     {@link #noiseLevel}) to the exact binomial tail at the path's probe count
 */
public record LocalizerSettings(double minExcess, double minConsistency, int maxFaults, double noiseSigmas) {
  /** 1 % excess loss: far above the ~0.1 % normal loss of a path, well below a real fault. */
  public static final double DEFAULT_MIN_EXCESS = 0.01;
  /** Tolerates one inconsistent path among four. */
  public static final double DEFAULT_MIN_CONSISTENCY = 0.7;
  /** More simultaneous lossy links than this in one round points at a wider outage. */
  public static final int DEFAULT_MAX_FAULTS = 3;
  /** Three sigmas: about one path in a thousand is flagged by noise alone. */
  public static final double DEFAULT_NOISE_SIGMAS = 3.0;

  public LocalizerSettings {
    if (!(minExcess > 0 && minExcess < 1)) {
      throw new IllegalArgumentException("minExcess must be in (0,1), got " + minExcess);
    }
    if (!(minConsistency > 0 && minConsistency <= 1)) {
      throw new IllegalArgumentException("minConsistency must be in (0,1], got " + minConsistency);
    }
    if (maxFaults <= 0) {
      throw new IllegalArgumentException("maxFaults must be > 0, got " + maxFaults);
    }
    if (!(noiseSigmas >= 0)) {
      throw new IllegalArgumentException("noiseSigmas must be >= 0, got " + noiseSigmas);
    }
  }

  /** {@code P(Z > noiseSigmas)}: the chance that a clean path's probes look bad. */
  double noiseLevel() {
    return LossMath.normalUpperTail(noiseSigmas);
  }

  public static LocalizerSettings defaults() {
    return new LocalizerSettings(
        DEFAULT_MIN_EXCESS, DEFAULT_MIN_CONSISTENCY, DEFAULT_MAX_FAULTS, DEFAULT_NOISE_SIGMAS);
  }
}
