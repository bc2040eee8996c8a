package io.sextant.edge.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The edge budget: 10,000 series on a small box. Heap figures are rough (GC timing, TLABs), so
 * the bounds are generous; the printed figures are the ones to watch.
 */
class DetectorFootprintTest {
  private static final int SERIES = 10_000;

  @Test
  void perSeriesStateStaysSmall() throws InterruptedException {
    fill(new SeriesDetectors(DetectorRules.defaults())); // load and JIT everything first
    long before = usedHeapAfterGc();
    SeriesDetectors detectors = new SeriesDetectors(DetectorRules.defaults());
    fill(detectors);
    long after = usedHeapAfterGc();
    Reference.reachabilityFence(detectors);

    double perSeries = (double) (after - before) / SERIES;
    System.out.printf("edge-reasoner detect: %.0f bytes per series (%d series)%n", perSeries, SERIES);
    assertThat(detectors.seriesCount()).isEqualTo(SERIES);
    assertThat(perSeries).isLessThan(400);
  }

  @Test
  void observingAPointAllocatesNothing() {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    BaselineDetector detector = new BaselineDetector(DetectorRules.defaults().byMetric().get("service_latency_ms"));
    SplittableRandom random = new SplittableRandom(41);
    double[] values = new double[1024];
    for (int i = 0; i < values.length; i++) {
      values[i] = Synthetic.noisy(random, 80, 2);
    }
    // Warm up first: class loading and JIT compilation allocate once, and are not per point.
    BaselineDetector warm = new BaselineDetector(DetectorRules.defaults().byMetric().get("service_latency_ms"));
    for (int i = 0; i < 200_000; i++) {
      warm.observe(Synthetic.millis(i), values[i & 1023]);
    }
    long id = Thread.currentThread().getId();
    long start = threads.getThreadAllocatedBytes(id);
    int points = 1_000_000;
    int fired = 0;
    for (int i = 0; i < points; i++) {
      fired += detector.observe(Synthetic.millis(i), values[i & 1023]) == BaselineDetector.Outcome.FIRED ? 1 : 0;
    }
    long allocated = threads.getThreadAllocatedBytes(id) - start;

    System.out.printf("edge-reasoner detect: %d bytes allocated over %d points%n", allocated, points);
    assertThat(fired).isZero();
    // One allocation per point would be >= 16 MB here; the bound leaves room for JIT noise only.
    assertThat(allocated).as("bytes allocated over a million points").isLessThan(64 * 1024);
  }

  private static void fill(SeriesDetectors detectors) {
    for (int i = 0; i < SERIES; i++) {
      detectors.observe(Synthetic.one("service_cpu_utilization", "service:edge-1/svc-" + i, 0, 0.3), Synthetic.SITE);
    }
  }

  /** Used heap after a few GCs, the least of five readings (shared by the footprint tests). */
  static long usedHeapAfterGc() throws InterruptedException {
    Runtime runtime = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(20);
      used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
    }
    return used;
  }
}
