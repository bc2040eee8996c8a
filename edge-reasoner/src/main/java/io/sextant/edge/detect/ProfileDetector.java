package io.sextant.edge.detect;

import java.nio.ByteBuffer;

/**
 * A streaming scorer for a series with a daily cycle, the periodic side of the {@link AutoDetector}:
 * the residual against a robust time-of-day profile, in units of a per-hour robust spread, so one
 * threshold fits every series. What it adds to the {@link SeasonalDetector} (hourly profile bins,
 * a score relative to the series' own record): a profile fine enough for a 1-minute step, and a
 * score that means the same on every series.
 *
 * <p><b>Prediction.</b> {@code factor × profile(time of day)}: the profile has {@value #BINS} bins
 * of 15 minutes, read by linear interpolation between bin centres (a daily ramp is not a staircase).
 * Each bin is a Huber-clipped running mean of the values seen in it, in the day's units (value /
 * factor). The factor is the day's level against the profile, a least-squares ratio of the recent
 * values to the profile (weighted by the profile, so the night's floor hardly moves it), with a
 * memory of {@link Config#factorMinutes()}; at midnight it moves by the ratio of this weekday to
 * the previous one as seen last week (a weekend at half the level is predicted from its first
 * point once one weekend has been seen). This is the STL idea — seasonal profile, trend, residual —
 * in constant memory.
 *
 * <p><b>Spread.</b> The mean absolute residual per hour of day (a business KPI is noisier at its
 * peak than at night, and the profile fits a ramp less well than a plateau), floored at a quarter of
 * the series' overall spread and 0.1 % of its level.
 *
 * <p><b>Score.</b> {@code z / (z + zAlert)} of the largest of three residual statistics, each in
 * units of its own standard deviation under normal noise: the point's residual (a spike); a
 * short-window mean of the signed residuals (an EWMA, CUSUM-like: a dip of three spreads a point, which
 * alone scores 0.33, reaches six standard deviations within seven points); the short-window mean of the squared residuals above its normal value (a
 * variance change). The score is 0.5 at {@code zAlert} spreads on every series. After an alert the
 * next {@link Config#holdPoints()} are capped below the alert score: one alert per incident.
 *
 * <p>Bounded state (~0.9 KB), constant work per point, no allocation. Time is the samples' own
 * timestamps (UTC days); no clock. Not thread-safe.
 */
public final class ProfileDetector implements PointScorer {
  static final int BINS = 96;
  private static final int HOURS = 24;
  private static final long DAY_MILLIS = 86_400_000L;
  private static final long BIN_MILLIS = DAY_MILLIS / BINS;
  private static final long HOUR_MILLIS = 3_600_000L;
  private static final double MAD_TO_SIGMA = 1.25;
  private static final double HUBER = 3.0;
  /** A series may be shorter than its warm-up; this many points are enough to score at all. */
  private static final int MIN_LEARNED = 10;
  private static final double Z_CAP = 50;
  private static final double MIN_FACTOR = 0.01;
  /**
   * A point adds at most 3² to the mean square: one 4-spread point of normal noise (a day of 1-minute
   * points has one every few days) must not read as a variance change; four to six times the noise
   * still fills it within a few points.
   */
  private static final double SQUARE_CAP = HUBER * HUBER;

  /**
   * Settings; the defaults are named constants.
   *
   * @param warmupPoints points learned before any score is given
   * @param profileDays the profile's memory, in visits of a bin (days)
   * @param factorMinutes the memory of the day's level against the profile
   * @param shortAlpha EWMA weight of the short-window residual mean and mean square, per point
   * @param zAlert the statistic (in standard deviations) scoring 0.5, the alert score
   * @param holdPoints after an alert, points capped below it
   */
  public record Config(int warmupPoints, double profileDays, double factorMinutes, double shortAlpha, double zAlert,
      int holdPoints) {
    public static final double PROFILE_DAYS = 3;
    public static final double FACTOR_MINUTES = 120;
    public static final double SHORT_ALPHA = 0.3;
    public static final double Z_ALERT = 6;
    public static final int HOLD_POINTS = 10;

    public Config {
      if (warmupPoints < 1 || holdPoints < 0) {
        throw new IllegalArgumentException("warmupPoints must be >= 1 and holdPoints >= 0");
      }
      if (!(profileDays >= 1) || !(factorMinutes > 0)) {
        throw new IllegalArgumentException("profileDays must be >= 1 and factorMinutes > 0");
      }
      if (!(shortAlpha > 0 && shortAlpha < 1) || !(zAlert > 0)) {
        throw new IllegalArgumentException("shortAlpha must be in (0, 1) and zAlert > 0");
      }
    }

    public static Config forWarmup(int warmupPoints) {
      return new Config(warmupPoints, PROFILE_DAYS, FACTOR_MINUTES, SHORT_ALPHA, Z_ALERT, HOLD_POINTS);
    }

    public Config withHoldPoints(int points) {
      return new Config(warmupPoints, profileDays, factorMinutes, shortAlpha, zAlert, points);
    }

    public Config withProfileDays(double days) {
      return new Config(warmupPoints, days, factorMinutes, shortAlpha, zAlert, holdPoints);
    }

    public Config withFactorMinutes(double minutes) {
      return new Config(warmupPoints, profileDays, minutes, shortAlpha, zAlert, holdPoints);
    }

    public Config withShortAlpha(double alpha) {
      return new Config(warmupPoints, profileDays, factorMinutes, alpha, zAlert, holdPoints);
    }

    public Config withZAlert(double z) {
      return new Config(warmupPoints, profileDays, factorMinutes, shortAlpha, z, holdPoints);
    }
  }

  private final Config config;
  /** The standard deviation of the short-window EWMA of unit white noise, and of its squares. */
  private final double meanSd;
  private final double squareSd;
  private final float[] profile = new float[BINS];
  private final short[] binSeen = new short[BINS];
  private final float[] hourSpread = new float[HOURS];
  private final short[] hourSeen = new short[HOURS];
  /** This weekday's factor over the previous day's, as last seen (0 = not yet). */
  private final float[] weekdayRatio = new float[7];
  private long n;
  private long lastMillis = Long.MIN_VALUE;
  private long stepMillis;
  private long day = Long.MIN_VALUE;
  private double factorNum;
  private double factorDen;
  private double dayNum;
  private double dayDen;
  private double yesterday;
  private double spread;
  private double level;
  private double shortMean;
  private double shortSquare = 1;
  private long lastAlert = Long.MIN_VALUE / 2;
  private double prediction;

  public ProfileDetector(Config config) {
    this.config = java.util.Objects.requireNonNull(config, "config");
    double a = config.shortAlpha();
    this.meanSd = Math.sqrt(a / (2 - a));
    this.squareSd = Math.sqrt(2 * a / (2 - a));
  }

  @Override
  public double score(long epochMillis, double value) {
    if (!Double.isFinite(value) || epochMillis <= lastMillis) {
      return 0;
    }
    if (lastMillis != Long.MIN_VALUE) {
      long gap = epochMillis - lastMillis;
      stepMillis = stepMillis == 0 ? gap : Math.min(stepMillis, gap);
    }
    lastMillis = epochMillis;
    newDay(Math.floorDiv(epochMillis, DAY_MILLIS));
    long inDay = Math.floorMod(epochMillis, DAY_MILLIS);
    int bin = (int) (inDay / BIN_MILLIS);
    int hour = (int) (inDay / HOUR_MILLIS);
    double shape = shape(inDay, value);
    double factor = factor();
    prediction = factor * shape;
    double residual = value - prediction;
    level += (n < MIN_LEARNED ? 1.0 / (n + 1) : 0.01) * (Math.abs(value) - level);
    double hourly = hourSeen[hour] > 0 ? hourSpread[hour] : spread;
    double sigma = MAD_TO_SIGMA * Math.max(Math.max(hourly, 0.25 * spread), Math.max(1e-3 * level, 1e-9));
    double z = n < MIN_LEARNED ? 0 : Math.max(-Z_CAP, Math.min(Z_CAP, residual / sigma));

    double a = config.shortAlpha();
    shortMean += a * (z - shortMean);
    shortSquare += a * (Math.min(z * z, SQUARE_CAP) - shortSquare);
    double stat = Math.max(Math.abs(z), Math.max(Math.abs(shortMean) / meanSd, (shortSquare - 1) / squareSd));

    learn(value, bin, hour, factor, residual, sigma);
    n++;
    if (n <= config.warmupPoints()) {
      return 0;
    }
    double score = stat / (stat + config.zAlert());
    if (score >= alertScore()) {
      if (n - lastAlert <= config.holdPoints()) {
        return Math.nextDown(alertScore()) * (score / (score + 1));
      }
      lastAlert = n;
    }
    return score;
  }

  /**
   * The day's level against the profile, within [1/100, 100]: a profile near zero (a cycle around
   * zero) leaves the ratio ill-defined, and the prediction must stay finite.
   */
  private double factor() {
    return factorDen > 0 ? Math.max(MIN_FACTOR, Math.min(1 / MIN_FACTOR, factorNum / factorDen)) : 1;
  }

  /** The profile at this time of day, interpolated between the centres of the two nearest seen bins. */
  private double shape(long inDay, double value) {
    double pos = (double) inDay / BIN_MILLIS - 0.5;
    int lo = (int) Math.floor(pos);
    double frac = pos - lo;
    int b0 = Math.floorMod(lo, BINS);
    int b1 = Math.floorMod(lo + 1, BINS);
    boolean s0 = binSeen[b0] > 0;
    boolean s1 = binSeen[b1] > 0;
    if (s0 && s1) {
      return profile[b0] + frac * (profile[b1] - profile[b0]);
    }
    if (s0 || s1) {
      return s0 ? profile[b0] : profile[b1];
    }
    double factor = factor();
    return n == 0 ? value : prediction / factor;
  }

  /** At midnight: remember how yesterday stood to the day before, and start today from last week's ratio. */
  private void newDay(long today) {
    if (today == day) {
      return;
    }
    if (day != Long.MIN_VALUE && today == day + 1 && dayDen > 0) {
      double f = dayNum / dayDen;
      int dow = (int) Math.floorMod(day + 3, 7L); // epoch day 0 was a Thursday
      if (yesterday > 0 && f > 0) {
        weekdayRatio[dow] = (float) (f / yesterday);
      }
      yesterday = f;
      int next = (int) Math.floorMod(today + 3, 7L);
      if (weekdayRatio[next] > 0) {
        factorNum *= weekdayRatio[next];
      }
    } else {
      yesterday = 0;
    }
    day = today;
    dayNum = 0;
    dayDen = 0;
  }

  private void learn(double value, int bin, int hour, double factor, double residual, double sigma) {
    double clip = HUBER * sigma;
    double clipped = Math.max(-clip, Math.min(clip, residual));
    double perDay = stepMillis > 0 ? (double) DAY_MILLIS / stepMillis : 1;
    // The profile, in the day's units: a running mean over the first visits, then an EWMA over ~profileDays.
    double f = factor;
    double pointsPerBin = Math.max(1, perDay / BINS);
    double target = (prediction + clipped) / f;
    if (binSeen[bin] == 0) {
      profile[bin] = (float) (value / f);
    } else {
      double alpha = Math.max(1.0 / (binSeen[bin] + 1), 1 / (config.profileDays() * pointsPerBin));
      profile[bin] += (float) (alpha * (target - profile[bin]));
    }
    if (binSeen[bin] < Short.MAX_VALUE) {
      binSeen[bin]++;
    }
    // The day's level against the profile: weighted least squares through the origin, exponentially forgotten.
    double p = (prediction / f);
    double fitted = prediction + clipped;
    double forget = Math.min(1, stepMillis > 0 ? stepMillis / (config.factorMinutes() * 60_000.0) : 1);
    factorNum += forget * (fitted * p - factorNum);
    factorDen += forget * (p * p - factorDen);
    dayNum += fitted * p;
    dayDen += p * p;
    // Spreads: overall and per hour of day.
    double abs = Math.min(Math.abs(residual), clip);
    double pointsPerHour = Math.max(1, perDay / HOURS);
    spread += (n < MIN_LEARNED ? 1.0 / (n + 1) : 1 / (config.profileDays() * perDay)) * (abs - spread);
    double ha = Math.max(1.0 / (hourSeen[hour] + 1), 1 / (config.profileDays() * pointsPerHour));
    hourSpread[hour] += (float) (ha * ((hourSeen[hour] == 0 ? Math.abs(residual) : abs) - hourSpread[hour]));
    if (hourSeen[hour] < Short.MAX_VALUE) {
      hourSeen[hour]++;
    }
  }

  @Override
  public double expected() {
    return prediction;
  }

  @Override
  public double alertScore() {
    return 0.5;
  }

  @Override
  public int stateBytes() {
    return 8 * 5 + 8 * 10 + BINS * 6 + HOURS * 6 + 7 * 4;
  }

  @Override
  public void save(ByteBuffer out) {
    out.putLong(n).putLong(lastMillis).putLong(stepMillis).putLong(day).putDouble(factorNum).putDouble(factorDen)
        .putDouble(dayNum).putDouble(dayDen).putDouble(yesterday).putDouble(spread).putDouble(level)
        .putDouble(shortMean).putDouble(shortSquare).putDouble(prediction).putLong(lastAlert);
    for (int i = 0; i < BINS; i++) {
      out.putFloat(profile[i]).putShort(binSeen[i]);
    }
    for (int i = 0; i < HOURS; i++) {
      out.putFloat(hourSpread[i]).putShort(hourSeen[i]);
    }
    for (float r : weekdayRatio) {
      out.putFloat(r);
    }
  }

  @Override
  public void restore(ByteBuffer in) {
    n = in.getLong();
    lastMillis = in.getLong();
    stepMillis = in.getLong();
    day = in.getLong();
    factorNum = DetectorStates.finite(in.getDouble(), "factorNum");
    factorDen = DetectorStates.finite(in.getDouble(), "factorDen");
    dayNum = DetectorStates.finite(in.getDouble(), "dayNum");
    dayDen = DetectorStates.finite(in.getDouble(), "dayDen");
    yesterday = DetectorStates.finite(in.getDouble(), "yesterday");
    spread = DetectorStates.finite(in.getDouble(), "spread");
    level = DetectorStates.finite(in.getDouble(), "level");
    shortMean = DetectorStates.finite(in.getDouble(), "shortMean");
    shortSquare = DetectorStates.finite(in.getDouble(), "shortSquare");
    prediction = DetectorStates.finite(in.getDouble(), "prediction");
    lastAlert = in.getLong();
    if (n < 0 || stepMillis < 0) {
      throw new IllegalArgumentException("profile state: negative count or step");
    }
    for (int i = 0; i < BINS; i++) {
      profile[i] = (float) DetectorStates.finite(in.getFloat(), "profile");
      binSeen[i] = in.getShort();
    }
    for (int i = 0; i < HOURS; i++) {
      hourSpread[i] = (float) DetectorStates.finite(in.getFloat(), "hourSpread");
      hourSeen[i] = in.getShort();
    }
    for (int i = 0; i < 7; i++) {
      weekdayRatio[i] = (float) DetectorStates.finite(in.getFloat(), "weekdayRatio");
    }
  }
}
