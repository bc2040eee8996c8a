package io.sextant.edge.eval;

import io.sextant.edge.detect.AutoDetector;
import io.sextant.edge.detect.NoveltyDetector;
import io.sextant.edge.detect.SeasonalDetector;
import io.sextant.edge.detect.SeasonalDetectorConfig;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Runs a streaming detector over every series of a corpus, point by point in time order as it
 * would run at the edge, and collects its anomaly scores for the {@link NabScorer}.
 */
public final class NabEvaluation {
  /** One detector instance for one series: a score in [0, 1] per point, in time order. */
  @FunctionalInterface
  public interface SeriesScorer {
    double score(long epochMillis, double value);
  }

  /** The detectors {@code sextant eval --detector} knows, each built for one series and its warm-up. */
  public enum Detector {
    /**
     * {@link AutoDetector}: seasonal or novelty per series, chosen from its warm-up; the default of
     * {@code sextant eval}.
     */
    AUTO((series, warmup) -> {
      AutoDetector d = AutoDetector.forWarmup(warmup);
      return d::score;
    }),
    /** {@link NoveltyDetector} with its defaults. */
    NOVELTY((series, warmup) -> {
      NoveltyDetector d = new NoveltyDetector(NoveltyDetector.Config.forWarmup(warmup));
      return (t, v) -> d.score(v);
    }),
    /** {@link SeasonalDetector} with its defaults. */
    SEASONAL((series, warmup) -> {
      SeasonalDetector d = new SeasonalDetector(SeasonalDetectorConfig.defaults().withWarmupPoints(warmup));
      return d::score;
    }),
    /** Scores every point 0: NAB's null detector, the floor of the normalised score. */
    NULL((series, warmup) -> (t, v) -> 0.0);

    private final BiFunction<LabeledSeries, Integer, SeriesScorer> factory;

    Detector(BiFunction<LabeledSeries, Integer, SeriesScorer> factory) {
      this.factory = factory;
    }

    /** With NAB's probationary period of each series as its warm-up (NAB gives it to every detector). */
    public Function<LabeledSeries, SeriesScorer> factory() {
      return factory(NabEvaluation::warmup);
    }

    /** With the warm-up {@code warmup} gives each series. */
    public Function<LabeledSeries, SeriesScorer> factory(ToIntFunction<LabeledSeries> warmup) {
      return series -> factory.apply(series, warmup.applyAsInt(series));
    }

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private NabEvaluation() {}

  /** NAB's probationary period of a series, which NAB also hands its detectors. */
  public static int warmup(LabeledSeries series) {
    return Math.max(1, (int) Sweep.probationaryLength(series.size()));
  }

  /**
   * The warm-up of a series with per-point labels (the KPI sets' layout, {@link LabelCsvCorpus}): at
   * least NAB's probationary period and two days of points (so a daily cycle can be seen at a 1-minute
   * step too, where NAB's 750 points are 12.5 hours), at most half the series.
   */
  public static int labelWarmup(LabeledSeries series) {
    int n = series.size();
    if (n == 0) {
      return 1;
    }
    java.time.LocalDateTime until = series.timestamps().get(0).plusDays(2);
    int twoDays = 0;
    while (twoDays < n && series.timestamps().get(twoDays).isBefore(until)) {
      twoDays++;
    }
    return Math.max(1, Math.min(n / 2, Math.max(warmup(series), twoDays)));
  }

  public static List<double[]> run(List<LabeledSeries> corpus, Function<LabeledSeries, SeriesScorer> factory) {
    List<double[]> scores = new ArrayList<>(corpus.size());
    for (LabeledSeries s : corpus) {
      SeriesScorer scorer = factory.apply(s);
      double[] out = new double[s.size()];
      for (int i = 0; i < out.length; i++) {
        double a = scorer.score(s.timestamps().get(i).toInstant(ZoneOffset.UTC).toEpochMilli(), s.values()[i]);
        out[i] = Double.isFinite(a) ? Math.max(0, Math.min(1, a)) : 0;
      }
      scores.add(out);
    }
    return scores;
  }
}
