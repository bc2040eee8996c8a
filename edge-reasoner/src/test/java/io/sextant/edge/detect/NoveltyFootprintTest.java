package io.sextant.edge.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The novelty detector's edge budget: heap per series for 10,000 series, no allocation and the
 * cost per point. Heap figures are rough (GC timing), so the bounds are generous; the printed
 * figures are those in docs/benchmarks-nab.md.
 */
class NoveltyFootprintTest {
  private static final int SERIES = 10_000;

  @Test
  void perSeriesStateIsBounded() throws InterruptedException {
    fill(); // load and JIT first
    long before = usedHeapAfterGc();
    NoveltyDetector[] detectors = fill();
    long after = usedHeapAfterGc();
    Reference.reachabilityFence(detectors);
    double perSeries = (double) (after - before) / SERIES;
    System.out.printf("novelty detector: %.0f bytes per series (%d series)%n", perSeries, SERIES);
    assertThat(perSeries).isLessThan(3_000);
  }

  /** The edge's form: a {@link SeriesDetectors} table whose rule selects novelty, 10,000 series. */
  @Test
  void aSeriesDetectorsTableWithANoveltyRuleStaysSmallPerSeries() throws InterruptedException {
    DetectorRules rules = DetectorRules.of(
        DetectorRule.novelty("service_latency_ms", DetectorRule.Direction.UP, 0, 0.2));
    fillTable(new SeriesDetectors(rules)); // load and JIT first
    long before = usedHeapAfterGc();
    SeriesDetectors table = new SeriesDetectors(rules);
    fillTable(table);
    long after = usedHeapAfterGc();
    Reference.reachabilityFence(table);
    double perSeries = (double) (after - before) / SERIES;
    System.out.printf("novelty rule in SeriesDetectors: %.0f bytes per series (%d series)%n", perSeries, SERIES);
    assertThat(table.seriesCount()).isEqualTo(SERIES);
    assertThat(perSeries).isLessThan(3_000);
  }

  @Test
  void scoringAllocatesNothingAndIsCheap() {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    NoveltyDetector d = new NoveltyDetector(NoveltyDetector.Config.defaults());
    SplittableRandom r = new SplittableRandom(3);
    double[] values = new double[4096];
    for (int i = 0; i < values.length; i++) {
      values[i] = 100 + 30 * Math.sin(2 * Math.PI * i / 288) + r.nextGaussian();
    }
    double sink = 0;
    for (int i = 0; i < 200_000; i++) { // warm-up and JIT
      sink += d.score(values[i & 4095]);
    }
    long id = Thread.currentThread().getId();
    long allocatedBefore = threads.getThreadAllocatedBytes(id);
    int points = 2_000_000;
    long t0 = System.nanoTime();
    for (int i = 200_000; i < 200_000 + points; i++) {
      sink += d.score(values[i & 4095]);
    }
    long nanos = System.nanoTime() - t0;
    long allocated = threads.getThreadAllocatedBytes(id) - allocatedBefore;
    System.out.printf("novelty detector: %.1f ns per point, %d bytes allocated over %d points (sink %.1f)%n",
        (double) nanos / points, allocated, points, sink);
    assertThat(allocated).isLessThan(4096);
    assertThat(sink).isFinite();
  }

  private static NoveltyDetector[] fill() {
    NoveltyDetector[] detectors = new NoveltyDetector[SERIES];
    for (int i = 0; i < SERIES; i++) {
      detectors[i] = new NoveltyDetector(NoveltyDetector.Config.defaults());
      for (int k = 0; k < 800; k++) {
        detectors[i].score(k % 7);
      }
    }
    return detectors;
  }

  /** The state is allocated with the detector; two points per series are enough to build it. */
  private static void fillTable(SeriesDetectors table) {
    java.util.List<io.sextant.common.model.Sample> batch = new java.util.ArrayList<>(SERIES);
    for (int point = 0; point < 2; point++) {
      batch.clear();
      for (int i = 0; i < SERIES; i++) {
        batch.add(Synthetic.sample("service_latency_ms", "service:edge-1/svc-" + i, point, 80 + i % 7));
      }
      table.observe(batch, Synthetic.SITE);
    }
  }

  private static long usedHeapAfterGc() throws InterruptedException {
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
