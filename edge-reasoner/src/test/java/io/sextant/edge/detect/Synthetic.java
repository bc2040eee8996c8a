package io.sextant.edge.detect;

import io.sextant.common.model.Sample;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Seeded synthetic KPI series on the demo's 5 s scrape grid. */
final class Synthetic {
  static final String SITE = "edge-1";
  static final Instant START = Instant.parse("2025-03-03T00:00:00Z");
  static final long STEP_MILLIS = 5_000;
  static final int POINTS_PER_HOUR = 720;
  static final int POINTS_PER_DAY = 24 * POINTS_PER_HOUR;

  private Synthetic() {}

  static long millis(int point) {
    return START.toEpochMilli() + point * STEP_MILLIS;
  }

  static Sample sample(String metric, String resource, int point, double value) {
    return new Sample(SITE, metric, Map.of(Sample.RESOURCE, resource), Instant.ofEpochMilli(millis(point)), value);
  }

  static List<Sample> one(String metric, String resource, int point, double value) {
    return List.of(sample(metric, resource, point, value));
  }

  /** A daily cycle of +-30% around {@code mean}, peaking at 06:00, times 3% Gaussian noise. */
  static double dailyCycle(SplittableRandom random, double mean, int point) {
    double cycle = 1 + 0.3 * Math.sin(2 * Math.PI * point / POINTS_PER_DAY);
    return mean * cycle * (1 + 0.03 * random.nextGaussian());
  }

  /** A level with additive Gaussian noise of the given standard deviation. */
  static double noisy(SplittableRandom random, double level, double sd) {
    return level + sd * random.nextGaussian();
  }

  /** The loss ratio of one probe round: {@code probes} probes each lost with probability {@code p}. */
  static double lossRatio(SplittableRandom random, int probes, double p) {
    int lost = 0;
    for (int i = 0; i < probes; i++) {
      if (random.nextDouble() < p) {
        lost++;
      }
    }
    return (double) lost / probes;
  }
}
