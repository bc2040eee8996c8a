package io.sextant.edge.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.Reference;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Heap per series of the auto detector in each of its states: warming up (both candidates and the
 * sketch), past the warm-up on a series without a cycle (novelty alone) and on a daily cycle
 * (the daily profile beside novelty). Rough figures (GC timing); the printed ones go to the benchmarks.
 */
class AutoFootprintTest {
  private static final int SERIES = 500;
  private static final int WARM_UP = AutoDetectorTest.WARM_UP;

  @Test
  void perSeriesStateInEachState() throws InterruptedException {
    fill(WARM_UP + 1, false); // load and JIT first
    double warming = measure(WARM_UP / 2, true);
    double novelty = measure(WARM_UP + 1, false);
    double seasonal = measure(WARM_UP + 1, true);
    System.out.printf("auto detector: %.0f bytes per series warming up, %.0f past it as novelty, %.0f as the daily "
        + "profile beside novelty (%d series)%n", warming, novelty, seasonal, SERIES);
    assertThat(novelty).isLessThan(2_000);
    assertThat(seasonal).isLessThan(3_500);
    assertThat(warming).isLessThan(4_000);
  }

  private static double measure(int points, boolean periodic) throws InterruptedException {
    long before = DetectorFootprintTest.usedHeapAfterGc();
    AutoDetector[] detectors = fill(points, periodic);
    long after = DetectorFootprintTest.usedHeapAfterGc();
    Reference.reachabilityFence(detectors);
    AutoDetector.Choice expected = points <= WARM_UP ? AutoDetector.Choice.UNDECIDED
        : periodic ? AutoDetector.Choice.SEASONAL : AutoDetector.Choice.NOVELTY;
    for (AutoDetector d : detectors) {
      assertThat(d.choice()).isEqualTo(expected);
    }
    return (double) (after - before) / SERIES;
  }

  private static AutoDetector[] fill(int points, boolean periodic) {
    AutoDetector[] detectors = new AutoDetector[SERIES];
    SplittableRandom r = new SplittableRandom(1);
    for (int s = 0; s < SERIES; s++) {
      detectors[s] = AutoDetector.forWarmup(WARM_UP);
      for (int i = 0; i < points; i++) {
        double v = periodic ? AutoDetectorTest.daily(i, r) : 50 + 5 * r.nextGaussian();
        detectors[s].score(AutoDetectorTest.START + i * AutoDetectorTest.STEP, v);
      }
    }
    return detectors;
  }
}
