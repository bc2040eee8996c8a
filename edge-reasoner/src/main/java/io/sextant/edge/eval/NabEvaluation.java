package io.sextant.edge.eval;

import io.sextant.edge.detect.NoveltyDetector;
import io.sextant.edge.detect.SeasonalDetector;
import io.sextant.edge.detect.SeasonalDetectorConfig;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

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

  /** The detectors {@code sextant eval --detector} knows. */
  public enum Detector {
    /** {@link NoveltyDetector} with its defaults, warm-up = NAB's probationary period of the series. */
    NOVELTY(series -> {
      NoveltyDetector d = new NoveltyDetector(NoveltyDetector.Config.forWarmup(warmup(series)));
      return (t, v) -> d.score(v);
    }),
    /** {@link SeasonalDetector} with its defaults, warm-up = NAB's probationary period of the series. */
    SEASONAL(series -> {
      SeasonalDetector d = new SeasonalDetector(SeasonalDetectorConfig.defaults()
          .withWarmupPoints(warmup(series)));
      return d::score;
    }),
    /** Scores every point 0: NAB's null detector, the floor of the normalised score. */
    NULL(series -> (t, v) -> 0.0);

    private final Function<LabeledSeries, SeriesScorer> factory;

    Detector(Function<LabeledSeries, SeriesScorer> factory) {
      this.factory = factory;
    }

    public Function<LabeledSeries, SeriesScorer> factory() {
      return factory;
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
