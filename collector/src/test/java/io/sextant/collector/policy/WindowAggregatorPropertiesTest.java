package io.sextant.collector.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import io.sextant.testkit.gen.FixedSeeds;
import io.sextant.testkit.gen.Gen;
import io.sextant.testkit.gen.Numbers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The aggregates of any in-order point sequence, closed by collector windows of any length, are
 * the count, sum, min, max and last of the points of each epoch-aligned window, with the window's
 * end as time, and every point lands in exactly one emitted window.
 */
class WindowAggregatorPropertiesTest {
  static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

  record Point(long offsetMs, double value) {}

  /** Up to 100 points in ten minutes, in time order; the empty run and equal times included. */
  static final Gen<List<Point>> POINTS = pointsOf(Numbers.longs(0, 600_000), Numbers.doubles(-1e6, 1e6))
      .list(0, 100).map(l -> l.stream().sorted(Comparator.comparingLong(Point::offsetMs)).toList());
  static final Gen<Integer> WINDOW_SECONDS = Numbers.ints(1, 120);
  static final Gen<Integer> STEP_SECONDS = Numbers.ints(1, 30);

  static Gen<Point> pointsOf(Gen<Long> offsets, Gen<Double> values) {
    return r -> new Point(offsets.next(r), values.next(r));
  }

  @ParameterizedTest(name = "seed {0}")
  @FixedSeeds(100)
  void aggregatesAreThoseOfEachWindow(long seed) {
    Random r = new Random(seed);
    List<Point> points = POINTS.next(r);
    int windowSeconds = WINDOW_SECONDS.next(r);
    int stepSeconds = STEP_SECONDS.next(r);
    Duration w = Duration.ofSeconds(windowSeconds);
    WindowAggregator agg = new WindowAggregator();
    List<Sample> out = new ArrayList<>();
    int next = 0;
    // Collector windows every stepSeconds: each window hands over the points up to its end, then closes.
    for (long end = stepSeconds * 1000L; next < points.size() || end <= 600_000 + 2 * w.toMillis() + stepSeconds * 1000L;
        end += stepSeconds * 1000L) {
      while (next < points.size() && points.get(next).offsetMs() <= end) {
        Point p = points.get(next++);
        assertThat(agg.add(sample(p), w)).isTrue();
      }
      out.addAll(agg.close("edge-1", T0.plusMillis(end)));
    }

    Map<Long, double[]> want = new TreeMap<>(); // window end ms -> count, sum, min, max, last
    for (Point p : points) {
      long t = T0.toEpochMilli() + p.offsetMs();
      long endMs = Math.floorDiv(t, w.toMillis()) * w.toMillis() + w.toMillis();
      double[] a = want.computeIfAbsent(endMs, k -> new double[] {0, 0, Double.POSITIVE_INFINITY,
          Double.NEGATIVE_INFINITY, 0});
      a[0]++;
      a[1] += p.value();
      a[2] = Math.min(a[2], p.value());
      a[3] = Math.max(a[3], p.value());
      a[4] = p.value();
    }
    String suffix = WindowAggregator.suffix(w);
    Map<Long, double[]> got = new TreeMap<>();
    for (Sample s : out) {
      double[] a = got.computeIfAbsent(s.time().toEpochMilli(), k -> new double[5]);
      for (int i = 0; i < WindowAggregator.OPS.length; i++) {
        if (s.metric().equals("m:" + WindowAggregator.OPS[i] + "_" + suffix)) {
          a[i] = s.value();
        }
      }
      assertThat(s.labels()).isEqualTo(Labels.of("k", "v"));
    }
    assertThat(out).hasSize(want.size() * WindowAggregator.OPS.length);
    assertThat(got.keySet()).containsExactlyElementsOf(want.keySet());
    want.forEach((end, a) -> assertThat(got.get(end)).containsExactly(a));
    assertThat(agg.openSeries()).isZero();
    assertThat(agg.late()).isZero();
  }

  /**
   * A stop after any collector window, with the state saved then restored into a new aggregator
   * (what a restart of the uplink does), changes nothing in what is emitted.
   */
  @ParameterizedTest(name = "seed {0}")
  @FixedSeeds(100)
  void aRestoreAfterAnyWindowEmitsWhatAnUninterruptedRunEmits(long seed) {
    Random r = new Random(seed);
    List<Point> points = POINTS.next(r);
    int windowSeconds = WINDOW_SECONDS.next(r);
    int stepSeconds = STEP_SECONDS.next(r);
    int stopAfter = Numbers.ints(0, 200).next(r);
    Duration w = Duration.ofSeconds(windowSeconds);
    List<Sample> straight = run(points, w, stepSeconds, -1);
    List<Sample> restarted = run(points, w, stepSeconds, stopAfter);
    assertThat(restarted).containsExactlyInAnyOrderElementsOf(straight);
  }

  static List<Sample> run(List<Point> points, Duration w, int stepSeconds, int stopAfter) {
    WindowAggregator agg = new WindowAggregator();
    byte[] saved = null;
    List<Sample> out = new ArrayList<>();
    int next = 0;
    int window = 0;
    for (long end = stepSeconds * 1000L; next < points.size() || end <= 600_000 + 2 * w.toMillis() + stepSeconds * 1000L;
        end += stepSeconds * 1000L, window++) {
      while (next < points.size() && points.get(next).offsetMs() <= end) {
        agg.add(sample(points.get(next++)), w);
      }
      out.addAll(agg.close("edge-1", T0.plusMillis(end)));
      saved = agg.snapshot().orElse(saved); // committed with the window's messages when it changed
      if (window == stopAfter) {
        agg = new WindowAggregator();
        if (saved != null) {
          agg.restore(saved);
        }
      }
    }
    return out;
  }

  static Sample sample(Point p) {
    return new Sample("edge-1", "m", Labels.of("k", "v"), T0.plusMillis(p.offsetMs()), p.value());
  }
}
