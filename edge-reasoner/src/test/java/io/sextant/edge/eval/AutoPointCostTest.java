package io.sextant.edge.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sextant.edge.detect.AutoDetector;
import io.sextant.edge.detect.NoveltyDetector;
import io.sextant.edge.detect.SeasonalDetector;
import io.sextant.edge.detect.SeasonalDetectorConfig;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Opt-in: CPU per point past the warm-up of the auto detector on the tuning KPIs ({@code business}
 * 1–30, where it chooses the daily profile beside novelty), side by side with what auto ran there
 * before (the seasonal detector beside novelty, {@code max(novelty, 0.8 × seasonal)}), alternating,
 * 7 rounds each, medians. {@code ./mvnw -B -o verify -pl edge-reasoner -am -Dtest=AutoPointCostTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dsextant.auto.cost=true}.
 */
class AutoPointCostTest {
  private static final int ROUNDS = 7;

  @Test
  void printsNanosecondsPerPoint() {
    assumeTrue(Boolean.getBoolean("sextant.auto.cost"), "run with -Dsextant.auto.cost=true");
    KpiGenerator.Series[] kpis = new KpiGenerator.Series[30];
    for (int seed = 1; seed <= kpis.length; seed++) {
      kpis[seed - 1] = KpiGenerator.generate(KpiGenerator.BUSINESS, seed);
    }
    double[] profile = new double[ROUNDS];
    double[] before = new double[ROUNDS];
    double sink = 0;
    for (int round = 0; round < ROUNDS; round++) {
      long[] p = {0, 0};
      long[] b = {0, 0};
      for (KpiGenerator.Series s : kpis) {
        int w = 2 * (int) (86_400_000L / (s.millis()[1] - s.millis()[0]));
        AutoDetector auto = AutoDetector.forWarmup(w);
        sink += time(s, w, auto::score, p);
        NoveltyDetector novelty = new NoveltyDetector(NoveltyDetector.Config.forWarmup(w));
        SeasonalDetector seasonal = new SeasonalDetector(SeasonalDetectorConfig.defaults().withWarmupPoints(w));
        sink += time(s, w, (t, v) -> Math.max(novelty.score(v), 0.8 * seasonal.score(t, v)), b);
      }
      profile[round] = (double) p[0] / p[1];
      before[round] = (double) b[0] / b[1];
    }
    System.out.printf(Locale.ROOT, "auto (daily profile beside novelty): median %.0f ns/point %s; before (seasonal "
        + "beside novelty): median %.0f ns/point %s%n", median(profile), Arrays.toString(round(profile)),
        median(before), Arrays.toString(round(before)));
    assertThat(sink).isFinite();
  }

  interface Scorer {
    double score(long millis, double value);
  }

  /** Scores the warm-up untimed, then times the rest; adds nanoseconds and points to {@code acc}. */
  private static double time(KpiGenerator.Series s, int warmup, Scorer scorer, long[] acc) {
    double sink = 0;
    for (int i = 0; i < warmup; i++) {
      sink += scorer.score(s.millis()[i], s.values()[i]);
    }
    long t0 = System.nanoTime();
    for (int i = warmup; i < s.values().length; i++) {
      sink += scorer.score(s.millis()[i], s.values()[i]);
    }
    acc[0] += System.nanoTime() - t0;
    acc[1] += s.values().length - warmup;
    return sink;
  }

  private static double median(double[] x) {
    double[] c = x.clone();
    Arrays.sort(c);
    return c[c.length / 2];
  }

  private static double[] round(double[] x) {
    return Arrays.stream(x).map(Math::rint).toArray();
  }
}
