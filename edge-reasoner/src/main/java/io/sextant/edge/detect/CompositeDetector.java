package io.sextant.edge.detect;

/**
 * Sextant's most accurate stand-alone scorer on NAB: the larger of a {@link NoveltyDetector} score
 * (the series goes where it has never been) and {@value #SEASONAL_WEIGHT} times a
 * {@link SeasonalDetector} score (the series departs from its predicted level or daily / weekly
 * profile). The two see different anomalies: novelty misses a value that is unusual for the hour
 * but not for the series, prediction error misses a slow move to new ground.
 *
 * <p>Both run with the same warm-up and each rests for a fifth of it after its own alert. The
 * seasonal score is weighted below 1 because its alerts are less precise on NAB than novelty's
 * (docs/benchmarks-nab.md). ~2 KB and ~0.1 µs per point per series; causal; not thread-safe.
 */
public final class CompositeDetector {
  /** Weight of the seasonal score against the novelty score. */
  public static final double SEASONAL_WEIGHT = 0.9;

  private final NoveltyDetector novelty;
  private final SeasonalDetector seasonal;

  /** Both detectors with their defaults for a warm-up of {@code warmupPoints}. */
  public CompositeDetector(int warmupPoints) {
    NoveltyDetector.Config config = NoveltyDetector.Config.forWarmup(warmupPoints);
    this.novelty = new NoveltyDetector(config);
    this.seasonal = new SeasonalDetector(SeasonalDetectorConfig.defaults()
        .withWarmupPoints(warmupPoints).withHoldPoints(config.restPoints()));
  }

  public CompositeDetector() {
    this(SeasonalDetectorConfig.WARMUP_POINTS);
  }

  /** Scores one point (epoch milliseconds, in time order) and learns from it; non-finite scores 0. */
  public double score(long epochMillis, double value) {
    double n = novelty.score(value);
    double s = seasonal.score(epochMillis, value);
    return Math.max(n, SEASONAL_WEIGHT * s);
  }
}
