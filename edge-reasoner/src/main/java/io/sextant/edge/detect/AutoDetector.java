package io.sextant.edge.detect;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Objects;

/**
 * Picks the detector of one series from what its values show during the warm-up, never from its
 * name: for a series that repeats itself every day (or week) the {@link ProfileDetector} (residuals
 * against a time-of-day profile in units of a per-hour spread) with the {@link NoveltyDetector}
 * beside it (the point scores {@code max(novelty, w × profile)}: the profile sees a value unusual
 * for the time of day, novelty one unusual for the series), the novelty detector alone otherwise.
 * Both learn side by side during the warm-up, so the ones chosen are as warm as if they had run
 * alone; the profile is dropped when not chosen.
 *
 * <p><b>What it looks at.</b> The warm-up's values as at most {@value #BLOCKS} block means (a block
 * doubles in length whenever the sketch is full, so any warm-up fits), and running sums: the
 * periodicity is the lag correlation of the linearly detrended block means at one day and one week
 * (the periods a daily profile with weekday factors can model), capped
 * at its rise above the lowest correlation at shorter lags, so a trend or a level shift, which
 * correlates at every lag, is not taken for a cycle. A period is only judged when the warm-up spans
 * {@link Config#MIN_PERIODS} of it. Beside it the evidence names the largest level shift between
 * the warm-up's two parts (in standard deviations of the block means), the noise (mean absolute
 * step over the standard deviation: ~1.13 for white noise, near 0 for a smooth series) and
 * discreteness (a series of at most {@value #DISCRETE_VALUES} distinct values has no profile to
 * learn: novelty).
 *
 * <p><b>The choice is state.</b> It is saved with the chosen detector's state in a checkpoint
 * ({@link DetectorStates}): a restored series goes on with the detector it had, never chooses
 * again. Heap per series ({@code AutoFootprintTest}): ~1.65 KB past the warm-up as novelty, ~2.9 KB as
 * the daily profile beside novelty, ~3.5 KB during the warm-up (both detectors and the sketch).
 *
 * <p>Causal: the choice uses the warm-up's points only and no score is given before it. Not
 * thread-safe.
 */
public final class AutoDetector implements PointScorer {
  /** Block means kept during the warm-up (floats: 512 bytes, dropped after the choice). */
  static final int BLOCKS = 128;
  /** At most this many distinct values: a discrete series (state, count of few values). */
  static final int DISCRETE_VALUES = 4;
  private static final long DAY_MILLIS = 86_400_000L;
  private static final int NO_PERIOD = 0;

  /** What the series is watched with. */
  public enum Choice {
    UNDECIDED,
    SEASONAL,
    NOVELTY
  }

  /**
   * Settings of the choice; the defaults are named constants.
   *
   * @param warmupPoints points before the choice (and before any score), as the chosen detector's warm-up
   * @param periodicity the periodicity strength from which the daily profile is chosen
   * @param minPeriods the warm-up must span this many periods for the period to be judged
   */
  public record Config(int warmupPoints, double periodicity, double minPeriods, double seasonalWeight) {
    /** Chosen on the tuning seeds of the generated KPIs (docs/benchmarks-quality.md, sensitivity). */
    public static final double PERIODICITY = 0.5;
    /** A lag correlation needs the cycle seen at least this often; 1.75 days fit NAB's 5-minute warm-ups. */
    public static final double MIN_PERIODS = 1.75;
    /**
     * The profile score's weight beside novelty on a periodic series, in {@code sextant eval}: 0.6 keeps
     * the profile below NAB's standard threshold (~0.55) unless it is far out, which NAB needs (≥ 75),
     * and changes nothing on the tuning seeds of the generated KPIs, where the best threshold follows it
     * (docs/benchmarks-quality.md, sensitivity). At the edge the weight is {@link #EDGE_SEASONAL_WEIGHT}.
     */
    public static final double SEASONAL_WEIGHT = 0.6;
    /**
     * At the edge a series fires on its own score against the alert score 0.5, no corpus-wide
     * threshold shared with novelty's scores: weight 1 puts 0.5 at the profile's {@code zAlert}
     * spreads, the operating point the tuning seeds chose (best threshold ≈ 6.3 spreads).
     */
    public static final double EDGE_SEASONAL_WEIGHT = 1.0;

    public Config {
      if (warmupPoints < 1) {
        throw new IllegalArgumentException("warmupPoints must be >= 1, got " + warmupPoints);
      }
      if (!(periodicity > 0 && periodicity <= 2)) {
        throw new IllegalArgumentException("periodicity must be in (0, 2], got " + periodicity);
      }
      if (!(minPeriods >= 1)) {
        throw new IllegalArgumentException("minPeriods must be >= 1, got " + minPeriods);
      }
      if (!(seasonalWeight > 0 && seasonalWeight <= 1)) {
        throw new IllegalArgumentException("seasonalWeight must be in (0, 1], got " + seasonalWeight);
      }
    }

    public static Config forWarmup(int warmupPoints) {
      return new Config(warmupPoints, PERIODICITY, MIN_PERIODS, SEASONAL_WEIGHT);
    }

    public Config withPeriodicity(double value) {
      return new Config(warmupPoints, value, minPeriods, seasonalWeight);
    }

    public Config withMinPeriods(double value) {
      return new Config(warmupPoints, periodicity, value, seasonalWeight);
    }

    public Config withSeasonalWeight(double value) {
      return new Config(warmupPoints, periodicity, minPeriods, value);
    }
  }

  private final Config config;
  private NoveltyDetector novelty;
  private ProfileDetector profile;
  private Choice choice = Choice.UNDECIDED;
  private long n;
  /** The last point's score came from the profile detector: its prediction is the level. */
  private boolean seasonalLed;

  // The warm-up sketch: null once the choice is made.
  private float[] blocks = new float[BLOCKS];
  private double[] distinct = new double[DISCRETE_VALUES];
  private int filled;
  private int blockSize = 1;
  private double blockSum;
  private int blockCount;
  private long firstMillis;
  private long lastMillis;
  private double mean;
  private double m2;
  private double absSteps;
  private double last;
  private int distinctCount;

  // What the choice was made on: the evidence.
  private int periodPoints = NO_PERIOD;
  private float strength;
  private float shift;
  private float noise;
  private float spanDays;

  /** Both candidates are built by the caller with the same warm-up as {@code config}. */
  public AutoDetector(Config config, NoveltyDetector novelty, ProfileDetector profile) {
    this.config = Objects.requireNonNull(config, "config");
    this.novelty = Objects.requireNonNull(novelty, "novelty");
    this.profile = Objects.requireNonNull(profile, "profile");
  }

  /** The usual candidates for a warm-up of {@code warmupPoints}, each with its own defaults. */
  public static AutoDetector forWarmup(int warmupPoints) {
    return new AutoDetector(Config.forWarmup(warmupPoints),
        new NoveltyDetector(NoveltyDetector.Config.forWarmup(warmupPoints)),
        new ProfileDetector(ProfileDetector.Config.forWarmup(warmupPoints)));
  }

  @Override
  public double score(long epochMillis, double value) {
    if (!Double.isFinite(value)) {
      return 0;
    }
    switch (choice) {
      case SEASONAL:
        double byNovelty = novelty.score(value);
        double bySeason = config.seasonalWeight() * profile.score(epochMillis, value);
        seasonalLed = bySeason > byNovelty;
        return Math.max(byNovelty, bySeason);
      case NOVELTY:
        return novelty.score(value);
      default:
        break;
    }
    novelty.score(value);
    profile.score(epochMillis, value);
    sketch(epochMillis, value);
    if (n >= config.warmupPoints()) {
      choose();
    }
    return 0;
  }

  public Choice choice() {
    return choice;
  }

  /** The period the choice was judged at, in points; 0 when none could be judged or none was found. */
  public int periodPoints() {
    return periodPoints;
  }

  /** The periodicity strength at {@link #periodPoints()}. */
  public double strength() {
    return strength;
  }

  /** Why the series is watched as it is, e.g. "profile: period 288 points (1 day), periodicity 0.83 ≥ 0.50; ...". */
  @Override
  public String evidence() {
    if (choice == Choice.UNDECIDED) {
      return "auto: warming up (" + n + " of " + config.warmupPoints() + " points)";
    }
    StringBuilder why = new StringBuilder("auto → ").append(choice == Choice.SEASONAL
        ? String.format(Locale.ROOT, "daily profile (beside novelty, weight %.2f)", config.seasonalWeight()) : "novelty")
        .append(": ");
    if (distinctCount <= DISCRETE_VALUES) {
      why.append("discrete (").append(distinctCount).append(" values), no profile to learn");
    } else if (periodPoints == NO_PERIOD) {
      why.append(String.format(Locale.ROOT, "warm-up spans %.2f days, too short to judge a daily period", spanDays));
    } else {
      long days = Math.round(periodPoints * (double) spanMillisPerPoint() / DAY_MILLIS);
      why.append(String.format(Locale.ROOT, "period %d points (%d day%s), periodicity %.2f %s %.2f", periodPoints,
          days, days == 1 ? "" : "s", strength, strength >= config.periodicity() ? "≥" : "<", config.periodicity()));
    }
    return why.append(String.format(Locale.ROOT, "; level shift %.1f sd; noise %.2f", shift, noise)).toString();
  }

  private long spanMillisPerPoint() {
    return spanDays <= 0 || n < 2 ? 1 : Math.max(1, Math.round(spanDays * DAY_MILLIS / (n - 1)));
  }

  @Override
  public double expected() {
    return seasonalLed ? profile.expected() : novelty.expected();
  }

  @Override
  public double alertScore() {
    return novelty.alertScore();
  }

  private void sketch(long epochMillis, double value) {
    if (n == 0) {
      firstMillis = epochMillis;
    } else {
      absSteps += Math.abs(value - last);
    }
    lastMillis = epochMillis;
    last = value;
    n++;
    double delta = value - mean;
    mean += delta / n;
    m2 += delta * (value - mean);
    if (distinctCount <= DISCRETE_VALUES) {
      boolean seen = false;
      for (int i = 0; i < Math.min(distinctCount, DISCRETE_VALUES); i++) {
        seen |= distinct[i] == value;
      }
      if (!seen) {
        if (distinctCount < DISCRETE_VALUES) {
          distinct[distinctCount] = value;
        }
        distinctCount++;
      }
    }
    blockSum += value;
    if (++blockCount == blockSize) {
      blocks[filled++] = (float) (blockSum / blockSize);
      blockSum = 0;
      blockCount = 0;
      if (filled == BLOCKS) {
        for (int i = 0; i < BLOCKS / 2; i++) {
          blocks[i] = (blocks[2 * i] + blocks[2 * i + 1]) / 2;
        }
        filled = BLOCKS / 2;
        blockSize *= 2;
      }
    }
  }

  /** Judges the warm-up, keeps the chosen detector and drops the other one and the sketch. */
  private void choose() {
    double sd = n > 1 ? Math.sqrt(m2 / (n - 1)) : 0;
    noise = (float) (sd > 0 && n > 1 ? absSteps / (n - 1) / sd : 0);
    double[] x = detrended();
    shift = (float) largestShift(x);
    double span = (double) (lastMillis - firstMillis);
    spanDays = (float) (span / DAY_MILLIS);
    double millisPerPoint = n > 1 ? span / (n - 1) : 0;
    strength = 0;
    periodPoints = NO_PERIOD;
    if (millisPerPoint > 0) {
      for (long period : new long[] {DAY_MILLIS, 7 * DAY_MILLIS}) {
        if (span < config.minPeriods() * period) {
          continue;
        }
        double lag = period / millisPerPoint / blockSize;
        double s = periodicity(x, lag);
        if (periodPoints == NO_PERIOD || s > strength) {
          strength = (float) s;
          periodPoints = (int) Math.round(period / millisPerPoint);
        }
      }
    }
    boolean periodic = distinctCount > DISCRETE_VALUES && periodPoints != NO_PERIOD && strength >= config.periodicity();
    choice = periodic ? Choice.SEASONAL : Choice.NOVELTY;
    if (!periodic) {
      profile = null;
    }
    blocks = null;
    distinct = null;
  }

  /** The full blocks less their least-squares line. */
  private double[] detrended() {
    int m = filled;
    double[] x = new double[m];
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (int i = 0; i < m; i++) {
      sx += i;
      sy += blocks[i];
      sxx += (double) i * i;
      sxy += i * (double) blocks[i];
    }
    double den = m * sxx - sx * sx;
    double slope = m > 1 && den != 0 ? (m * sxy - sx * sy) / den : 0;
    double icpt = m > 0 ? (sy - slope * sx) / m : 0;
    for (int i = 0; i < m; i++) {
      x[i] = blocks[i] - (icpt + slope * i);
    }
    return x;
  }

  /**
   * The lag correlation at the period (the better of the two block lags around it), but no more
   * than its rise above the lowest correlation at a shorter lag: a cycle decorrelates within its
   * period and comes back, a trend or a shift correlates at every lag and never comes back. (A half
   * period is not a fair reference: a day with a morning and an evening peak correlates with itself
   * half a day later.)
   */
  static double periodicity(double[] x, double lagBlocks) {
    int lo = (int) Math.floor(lagBlocks);
    double atPeriod = Math.max(correlation(x, lo), correlation(x, lo + 1));
    double lowest = atPeriod;
    for (int lag = 1; lag < lo; lag++) {
      lowest = Math.min(lowest, correlation(x, lag));
    }
    return Math.min(atPeriod, atPeriod - lowest);
  }

  /** Pearson correlation of x[i] and x[i + lag]; 0 when too few pairs (fewer than 4) or no variance. */
  static double correlation(double[] x, int lag) {
    int pairs = x.length - lag;
    if (lag < 1 || pairs < 4) {
      return 0;
    }
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < pairs; i++) {
      ma += x[i];
      mb += x[i + lag];
    }
    ma /= pairs;
    mb /= pairs;
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < pairs; i++) {
      double a = x[i] - ma;
      double b = x[i + lag] - mb;
      sab += a * b;
      saa += a * a;
      sbb += b * b;
    }
    return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
  }

  /** The largest difference of the means before and after a split of the blocks, in their standard deviations. */
  static double largestShift(double[] x) {
    int m = x.length;
    if (m < 8) {
      return 0;
    }
    double total = 0;
    double squares = 0;
    for (double v : x) {
      total += v;
      squares += v * v;
    }
    double sd = Math.sqrt(Math.max(0, squares / m - (total / m) * (total / m)));
    if (sd == 0) {
      return 0;
    }
    double left = 0;
    double best = 0;
    for (int k = 1; k < m; k++) {
      left += x[k - 1];
      if (k >= m / 8 && k <= m - m / 8) {
        best = Math.max(best, Math.abs(left / k - (total - left) / (m - k)));
      }
    }
    return best / sd;
  }

  /** Choice, point count, evidence figures, then the chosen detector's state (or the sketch and both). */
  @Override
  public int stateBytes() {
    int head = 1 + 8 + 4 + 4 * 4 + 4;
    if (choice != Choice.UNDECIDED) {
      return head + novelty.stateBytes() + (choice == Choice.SEASONAL ? profile.stateBytes() : 0);
    }
    return head + 4 + 4 + 8 * 6 + 8 + 8 + 8 * DISCRETE_VALUES + 4 + 4 * filled
        + novelty.stateBytes() + profile.stateBytes();
  }

  @Override
  public void save(ByteBuffer out) {
    out.put((byte) choice.ordinal()).putLong(n).putInt(periodPoints).putFloat(strength).putFloat(shift)
        .putFloat(noise).putFloat(spanDays).putInt(distinctCount);
    switch (choice) {
      case SEASONAL -> {
        novelty.save(out);
        profile.save(out);
      }
      case NOVELTY -> novelty.save(out);
      case UNDECIDED -> {
        out.putInt(blockSize).putInt(blockCount).putDouble(blockSum).putDouble(mean).putDouble(m2)
            .putDouble(absSteps).putDouble(last).putDouble(0).putLong(firstMillis).putLong(lastMillis);
        for (double d : distinct) {
          out.putDouble(d);
        }
        out.putInt(filled);
        for (int i = 0; i < filled; i++) {
          out.putFloat(blocks[i]);
        }
        novelty.save(out);
        profile.save(out);
      }
    }
  }

  @Override
  public void restore(ByteBuffer in) {
    int c = in.get();
    if (c < 0 || c >= Choice.values().length) {
      throw new IllegalArgumentException("auto state: unknown choice " + c);
    }
    choice = Choice.values()[c];
    n = in.getLong();
    periodPoints = in.getInt();
    strength = (float) DetectorStates.finite(in.getFloat(), "strength");
    shift = (float) DetectorStates.finite(in.getFloat(), "shift");
    noise = (float) DetectorStates.finite(in.getFloat(), "noise");
    spanDays = (float) DetectorStates.finite(in.getFloat(), "spanDays");
    distinctCount = in.getInt();
    if (n < 0 || periodPoints < 0 || distinctCount < 0) {
      throw new IllegalArgumentException("auto state: negative count");
    }
    switch (choice) {
      case SEASONAL -> {
        novelty.restore(in);
        profile.restore(in);
        blocks = null;
        distinct = null;
      }
      case NOVELTY -> {
        novelty.restore(in);
        profile = null;
        blocks = null;
        distinct = null;
      }
      case UNDECIDED -> restoreSketch(in);
    }
  }

  private void restoreSketch(ByteBuffer in) {
    blockSize = in.getInt();
    blockCount = in.getInt();
    blockSum = DetectorStates.finite(in.getDouble(), "blockSum");
    mean = DetectorStates.finite(in.getDouble(), "mean");
    m2 = DetectorStates.finite(in.getDouble(), "m2");
    absSteps = DetectorStates.finite(in.getDouble(), "absSteps");
    last = DetectorStates.finite(in.getDouble(), "last");
    in.getDouble(); // reserved
    firstMillis = in.getLong();
    lastMillis = in.getLong();
    for (int i = 0; i < DISCRETE_VALUES; i++) {
      distinct[i] = in.getDouble();
    }
    filled = in.getInt();
    if (blockSize < 1 || Integer.bitCount(blockSize) != 1 || blockCount < 0 || blockCount >= blockSize
        || filled < 0 || filled >= BLOCKS) {
      throw new IllegalArgumentException("auto state: sketch out of range");
    }
    for (int i = 0; i < filled; i++) {
      blocks[i] = (float) DetectorStates.finite(in.getFloat(), "block");
    }
    novelty.restore(in);
    profile.restore(in);
  }
}
