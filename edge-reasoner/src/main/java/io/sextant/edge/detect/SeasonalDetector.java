package io.sextant.edge.detect;

/**
 * A streaming anomaly scorer for one series with daily and weekly seasonality, for the edge: one
 * score in [0, 1] per point, constant work and bounded state (~1 KB) per series.
 *
 * <p><b>Prediction.</b> Two predictors run side by side: a short-term level (EWMA) and a seasonal
 * profile (an EWMA per hour of the week, falling back to the hour of the day until a week bin has
 * been seen twice). Each tracks its own mean absolute error; the point is compared with the one
 * that has been the better predictor so far, so a series without seasonality is not judged against
 * a noisy profile, and one with a strong daily cycle is not judged against its own rush hour.
 *
 * <p><b>Surprise.</b> The residual in units of the spread (1.25 x mean absolute residual, floored
 * at 0.1% of the observed range so flat series do not alarm on rounding). Learning is robust: the
 * residual used to update the baselines is clipped at 3 spreads (Huber), so a spike is not
 * learned, while a lasting level shift is absorbed within a few dozen points.
 *
 * <p><b>Score.</b> As in Numenta's anomaly likelihood: the short-term mean surprise is compared
 * with the long-term distribution of surprises (EWMA mean and variance); its Gaussian tail
 * probability {@code q} becomes {@code min(1, -log10(q) / 12)}, monotone, so one corpus-wide
 * threshold ranks points. A change in the series' behaviour (level shift, new noise regime, spike
 * burst) raises the short-term mean before the long-term one absorbs it.
 *
 * <p><b>One alert per event.</b> After a point scores at least {@code alertScore}, later points
 * are capped below it for {@code holdPoints}: an operator gets one alert per incident, not one per
 * sample.
 *
 * <p>Time is the samples' timestamps (epoch milliseconds, UTC bins); no clock. Not thread-safe.
 */
public final class SeasonalDetector {
  private static final int WEEK_BINS = 168;
  private static final int DAY_BINS = 24;
  private static final long HOUR_MILLIS = 3_600_000L;
  private static final double MAD_TO_SIGMA = 1.25;
  private static final double HUBER = 3.0;
  private static final double RANGE_FLOOR = 0.001;
  private static final double LOG_SCALE = 12.0;
  /** A series may be shorter than its warm-up; this many points are enough to score at all. */
  private static final int MIN_LEARNED = 10;

  private final SeasonalDetectorConfig config;
  private final float[] week = new float[WEEK_BINS];
  private final float[] day = new float[DAY_BINS];
  private final byte[] weekSeen = new byte[WEEK_BINS];
  private final byte[] daySeen = new byte[DAY_BINS];
  private long n;
  private double level;
  private double levelError;
  private double seasonError;
  private double scale;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private double shortSurprise;
  private double longMean;
  private double longVar;
  private long lastAlert = Long.MIN_VALUE / 2;

  public SeasonalDetector(SeasonalDetectorConfig config) {
    this.config = java.util.Objects.requireNonNull(config, "config");
  }

  /**
   * Scores one point and learns from it. Points must come in time order; a non-finite value
   * scores 0 and is not learned.
   */
  public double score(long epochMillis, double value) {
    if (!Double.isFinite(value)) {
      return 0;
    }
    long hours = Math.floorDiv(epochMillis, HOUR_MILLIS);
    int w = (int) Math.floorMod(hours, (long) WEEK_BINS);
    int d = (int) Math.floorMod(hours, (long) DAY_BINS);
    if (n == 0) {
      level = value;
    }
    min = Math.min(min, value);
    max = Math.max(max, value);
    double seasonal = weekSeen[w] >= 2 ? week[w] : daySeen[d] >= 1 ? day[d] : level;
    double levelResidual = value - level;
    double seasonResidual = value - seasonal;
    boolean useSeason = seasonError < 0.9 * levelError;
    double residual = useSeason ? seasonResidual : levelResidual;
    double sigma = Math.max(MAD_TO_SIGMA * scale, Math.max(RANGE_FLOOR * (max - min), 1e-9));
    double surprise = n < MIN_LEARNED ? 0 : Math.min(Math.abs(residual) / sigma, 50);

    shortSurprise += config.shortAlpha() * (surprise - shortSurprise);
    double score = 0;
    if (n >= Math.max(MIN_LEARNED, Math.min(config.warmupPoints(), 2 * MIN_LEARNED + n / 2))) {
      double sd = Math.sqrt(Math.max(longVar, 1e-6));
      double z = (shortSurprise - longMean) / sd;
      score = Math.min(1.0, -Math.log10(Math.max(upperTail(z), 1e-300)) / LOG_SCALE);
    }
    if (n >= config.warmupPoints() || score < config.alertScore()) {
      // Long-term surprise distribution learns everything but what is being alerted on right now.
      double dev = surprise - longMean;
      longMean += config.longAlpha() * dev;
      longVar = (1 - config.longAlpha()) * (longVar + config.longAlpha() * dev * dev);
    }
    learn(value, w, d, sigma, levelResidual, seasonResidual, residual);
    n++;

    if (n <= config.warmupPoints()) {
      return 0;
    }
    if (score >= config.alertScore()) {
      if (n - lastAlert <= config.holdPoints()) {
        return Math.nextDown(config.alertScore()) * (score / (score + 1));
      }
      lastAlert = n;
    }
    return score;
  }

  private void learn(double value, int w, int d, double sigma, double levelResidual, double seasonResidual,
      double residual) {
    double clip = HUBER * sigma;
    levelError += (n < MIN_LEARNED ? 1.0 / (n + 1) : config.scaleAlpha()) * (Math.min(Math.abs(levelResidual), clip) - levelError);
    seasonError += (n < MIN_LEARNED ? 1.0 / (n + 1) : config.scaleAlpha()) * (Math.min(Math.abs(seasonResidual), clip) - seasonError);
    scale += (n < MIN_LEARNED ? 1.0 / (n + 1) : config.scaleAlpha()) * (Math.min(Math.abs(residual), clip) - scale);
    level += config.levelAlpha() * clamp(levelResidual, clip);
    if (weekSeen[w] == 0) {
      week[w] = (float) value;
    } else {
      week[w] += (float) (config.seasonAlpha() * clamp(value - week[w], clip));
    }
    if (weekSeen[w] < Byte.MAX_VALUE) {
      weekSeen[w]++;
    }
    if (daySeen[d] == 0) {
      day[d] = (float) value;
    } else {
      day[d] += (float) (config.seasonAlpha() * clamp(value - day[d], clip));
    }
    if (daySeen[d] < Byte.MAX_VALUE) {
      daySeen[d]++;
    }
  }

  private static double clamp(double x, double limit) {
    return Math.max(-limit, Math.min(limit, x));
  }

  /** Gaussian upper tail Q(z), via erfc (Abramowitz-Stegun 7.1.26 is too coarse in the far tail). */
  static double upperTail(double z) {
    return 0.5 * erfc(z / Math.sqrt(2));
  }

  /** Complementary error function (Numerical Recipes erfcc, relative error < 1.2e-7 everywhere). */
  static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
        + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? r : 2 - r;
  }
}
