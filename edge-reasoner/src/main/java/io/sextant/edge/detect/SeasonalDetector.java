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
 * <p><b>Score.</b> Self-calibrated per series, so that one threshold fits every series: the
 * point's surprise and the short-term mean surprise (EWMA) are each divided by their own record,
 * the largest value seen so far, which decays with a half-life of two warm-up lengths so the series
 * can alert again. {@code score = r / (1 + r)} for the larger ratio {@code r}: 0.5 means "as
 * surprising as the most surprising thing seen lately", above 0.5 a new record. A spike breaks the
 * point record; a level shift or a new noise regime breaks the short-term record. A third channel
 * measures the distance from a slow level (EWMA, ~330 points) in units of its own mean absolute
 * deviation, weighted 0.8, for drifts that the fast level follows too closely to be surprising.
 *
 * <p><b>One alert per event.</b> After a point scores at least {@code alertScore}, later points
 * are capped below it for {@code holdPoints}: an operator gets one alert per incident, not one per
 * sample, while the records themselves rise with each alert, so a long anomaly is not re-reported.
 *
 * <p>Time is the samples' timestamps (epoch milliseconds, UTC bins); no clock. Not thread-safe.
 */
public final class SeasonalDetector implements PointScorer {
  private static final int WEEK_BINS = 168;
  private static final int DAY_BINS = 24;
  private static final long HOUR_MILLIS = 3_600_000L;
  private static final double MAD_TO_SIGMA = 1.25;
  private static final double HUBER = 3.0;
  private static final double RANGE_FLOOR = 0.001;
  /** The surprise records halve over this many warm-up lengths, so a series can alert again. */
  private static final double RECORD_HALF_LIFE_WARMUPS = 2.0;
  /** A series may be shorter than its warm-up; this many points are enough to score at all. */
  private static final int MIN_LEARNED = 10;

  private final SeasonalDetectorConfig config;
  private final double recordDecay;
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
  private long lastAlert = Long.MIN_VALUE / 2;
  private double pointRecord;
  private double slowRecord;
  private double slowLevel;
  private double slowScale;
  /** EWMA weight of the slow level (a memory of ~330 points), which sees drifts the fast one follows. */
  private static final double SLOW_ALPHA = 0.003;
  /** The slow channel's ratio counts at 0.8: a drift is reported once clearly past its record. */
  private static final double SLOW_WEIGHT = 0.8;
  private double shortRecord;
  /** The prediction the last point was compared with. */
  private double prediction;

  public SeasonalDetector(SeasonalDetectorConfig config) {
    this.config = java.util.Objects.requireNonNull(config, "config");
    this.recordDecay = Math.exp(-Math.log(2) / (RECORD_HALF_LIFE_WARMUPS * config.warmupPoints()));
  }

  /**
   * Scores one point and learns from it. Points must come in time order; a non-finite value
   * scores 0 and is not learned.
   */
  @Override
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
    prediction = useSeason ? seasonal : level;
    double sigma = Math.max(MAD_TO_SIGMA * scale, Math.max(RANGE_FLOOR * (max - min), 1e-9));
    double surprise = n < MIN_LEARNED ? 0 : Math.min(Math.abs(residual) / sigma, 50);

    shortSurprise += config.shortAlpha() * (surprise - shortSurprise);
    double score = 0;
    if (n >= Math.max(MIN_LEARNED, config.warmupPoints() / 3)) {
      double slowSurprise = Math.min(Math.abs(value - slowLevel) / (MAD_TO_SIGMA * slowScale + 1e-9), 50);
      double ratio = Math.max(surprise / (pointRecord + 1e-9), shortSurprise / (shortRecord + 1e-9));
      ratio = Math.max(ratio, SLOW_WEIGHT * slowSurprise / (slowRecord + 1e-9));
      slowRecord = Math.max(slowRecord * recordDecay, slowSurprise);
      score = ratio / (1 + ratio);
      pointRecord = Math.max(pointRecord * recordDecay, surprise);
      shortRecord = Math.max(shortRecord * recordDecay, shortSurprise);
    }
    learn(value, w, d, sigma, levelResidual, seasonResidual, residual);
    if (n == 0) {
      slowLevel = value;
    }
    double slowRes = value - slowLevel;
    slowScale += (n < MIN_LEARNED ? 1.0 / (n + 1) : SLOW_ALPHA) * (Math.abs(slowRes) - slowScale);
    slowLevel += SLOW_ALPHA * slowRes;
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

  /** The predicted level (short-term level or profile, the better so far) the last point was compared with. */
  @Override
  public double expected() {
    return prediction;
  }

  @Override
  public double alertScore() {
    return config.alertScore();
  }

  @Override
  public int stateBytes() {
    return 15 * 8 + (WEEK_BINS + DAY_BINS) * 5;
  }

  @Override
  public void save(java.nio.ByteBuffer out) {
    out.putLong(n).putLong(lastAlert).putDouble(level).putDouble(levelError).putDouble(seasonError).putDouble(scale)
        .putDouble(min).putDouble(max).putDouble(shortSurprise).putDouble(pointRecord).putDouble(slowRecord)
        .putDouble(slowLevel).putDouble(slowScale).putDouble(shortRecord).putDouble(prediction);
    for (float f : week) {
      out.putFloat(f);
    }
    for (float f : day) {
      out.putFloat(f);
    }
    out.put(weekSeen).put(daySeen);
  }

  @Override
  public void restore(java.nio.ByteBuffer in) {
    n = in.getLong();
    lastAlert = in.getLong();
    level = DetectorStates.finite(in.getDouble(), "level");
    levelError = DetectorStates.finite(in.getDouble(), "levelError");
    seasonError = DetectorStates.finite(in.getDouble(), "seasonError");
    scale = DetectorStates.finite(in.getDouble(), "scale");
    min = DetectorStates.notNaN(in.getDouble(), "min"); // infinite before the first point
    max = DetectorStates.notNaN(in.getDouble(), "max");
    shortSurprise = DetectorStates.finite(in.getDouble(), "shortSurprise");
    pointRecord = DetectorStates.finite(in.getDouble(), "pointRecord");
    slowRecord = DetectorStates.finite(in.getDouble(), "slowRecord");
    slowLevel = DetectorStates.finite(in.getDouble(), "slowLevel");
    slowScale = DetectorStates.finite(in.getDouble(), "slowScale");
    shortRecord = DetectorStates.finite(in.getDouble(), "shortRecord");
    prediction = DetectorStates.finite(in.getDouble(), "prediction");
    if (n < 0) {
      throw new IllegalArgumentException("seasonal state: negative point count");
    }
    for (int i = 0; i < WEEK_BINS; i++) {
      week[i] = (float) DetectorStates.finite(in.getFloat(), "week");
    }
    for (int i = 0; i < DAY_BINS; i++) {
      day[i] = (float) DetectorStates.finite(in.getFloat(), "day");
    }
    in.get(weekSeen).get(daySeen);
  }

  private void learn(double value, int w, int d, double sigma, double levelResidual, double seasonResidual,
      double residual) {
    double clip = HUBER * sigma;
    double a = n < MIN_LEARNED ? 1.0 / (n + 1) : config.scaleAlpha();
    levelError += a * (Math.min(Math.abs(levelResidual), clip) - levelError);
    seasonError += a * (Math.min(Math.abs(seasonResidual), clip) - seasonError);
    scale += a * (Math.min(Math.abs(residual), clip) - scale);
    level += config.levelAlpha() * clamp(levelResidual, clip);
    bin(week, weekSeen, w, value, clip);
    bin(day, daySeen, d, value, clip);
  }

  /** One profile bin: the first value seen, then a Huber-clipped EWMA per visit. */
  private void bin(float[] profile, byte[] seen, int b, double value, double clip) {
    if (seen[b] == 0) {
      profile[b] = (float) value;
    } else {
      profile[b] += (float) (config.seasonAlpha() * clamp(value - profile[b], clip));
    }
    if (seen[b] < Byte.MAX_VALUE) {
      seen[b]++;
    }
  }

  private static double clamp(double x, double limit) {
    return Math.max(-limit, Math.min(limit, x));
  }
}
