package io.sextant.edge.detect;

import java.util.List;
import java.util.Objects;

/**
 * A streaming novelty scorer for one series: a point is anomalous when it puts the series somewhere
 * it has never been, at one of several time scales, and that is rare for this series. One score in
 * [0, 1] per point, constant work and ~1.5 KB of state per series, no allocation after construction.
 *
 * <p><b>Channels.</b> By default the raw value and three EWMA-smoothed copies of it (memories of
 * ~3, ~10 and ~50 points): the raw channel sees spikes, the smooth ones see level shifts and drifts hidden in noise.
 * Each channel cuts its range, learned over the first half of the warm-up and then frozen, into
 * {@code bins} equal bins; values beyond the range fall into further bins of the same width (29 on
 * each side, the outermost shared by everything further out), so the learned memory stays valid
 * when the series leaves its range.
 *
 * <p><b>Novelty.</b> A channel is novel at a point when its bin has not been visited for
 * {@code forgetPoints} (five warm-ups), or never (the point count of each bin's last visit is kept). A novelty is learned at
 * once: the same bin is not novel again soon, so a lasting change is reported once, while a fault
 * that recurs after a long quiet time is reported again.
 *
 * <p><b>Calibration.</b> Each channel keeps the frequency of its own novelties (EWMA, a memory of
 * ~2,000 points); a novelty scores its surprisal {@code s = -log10(frequency)}, the point scores
 * {@code s / (1 + s)} for its most surprising channel. A channel that keeps finding new bins (a
 * trending or very noisy series) thus scores low, one that has been quiet for long scores high: one
 * threshold fits every series.
 *
 * <p><b>Refractory period.</b> After a point scores at least {@code alertScore}, later points score
 * half of it for {@code restPoints}, whatever their novelty: one alert per incident.
 *
 * <p>Causal: a point's score uses only earlier points and itself. Time is not used (the caller
 * gives points in order). Not thread-safe.
 */
public final class NoveltyDetector implements PointScorer {
  /**
   * Bins remembered per channel: the {@code bins} of the learned range in the middle, the rest for
   * values beyond it; values further out share the outermost bin.
   */
  private static final int TABLE = 64;
  /** EWMA weight of a channel's novelty frequency (a memory of ~2,000 points); a plain mean before. */
  private static final double FREQUENCY_ALPHA = 0.0005;
  /** Floor of the frequency, so a first-ever novelty scores a finite surprisal (6). */
  private static final double FREQUENCY_FLOOR = 1e-6;
  /** Points needed before the range can be frozen, however short the warm-up. */
  private static final int MIN_RANGE_POINTS = 10;

  /**
   * Settings; the defaults (named constants) are the values of the published NAB figures.
   *
   * @param warmupPoints points learned before any score is given (NAB's probationary period)
   * @param bins bins across a channel's learned range
   * @param restPoints after an alert, points during which scores are held at half {@code alertScore}
   * @param alertScore the score from which a point is an alert
   * @param forgetPoints a bin not visited for this many points is new again
   * @param rangeFraction the fraction of the warm-up over which the channels' ranges are learned
   * @param smoothing the channels' EWMA weights, each in (0, 1] (1 = the raw value)
   */
  public record Config(int warmupPoints, int bins, int restPoints, double alertScore, int forgetPoints,
      double rangeFraction, List<Double> smoothing) {
    public static final int WARMUP_POINTS = 750;
    public static final int BINS = 6;
    /** A fifth of the warm-up: longer rests missed close anomalies on NAB (docs/benchmarks-nab.md). */
    public static final double REST_FRACTION = 0.2;
    public static final double ALERT_SCORE = 0.5;
    /** Forget after five warm-ups: a fault that recurs after a long quiet time is reported again. */
    public static final int FORGET_WARMUPS = 5;
    public static final double RANGE_FRACTION = 0.5;
    /** The raw value, then memories of ~3, ~10 and ~50 points. */
    public static final List<Double> SMOOTHING = List.of(1.0, 0.3, 0.1, 0.02);

    public Config {
      if (warmupPoints < 1 || bins < 1 || restPoints < 0 || forgetPoints < 1) {
        throw new IllegalArgumentException("warmupPoints, bins and forgetPoints must be >= 1, restPoints >= 0");
      }
      if (!(alertScore > 0 && alertScore <= 1)) {
        throw new IllegalArgumentException("alertScore must be in (0, 1], got " + alertScore);
      }
      if (!(rangeFraction > 0 && rangeFraction <= 1)) {
        throw new IllegalArgumentException("rangeFraction must be in (0, 1], got " + rangeFraction);
      }
      smoothing = List.copyOf(smoothing);
      if (smoothing.isEmpty() || smoothing.stream().anyMatch(a -> !(a > 0 && a <= 1))) {
        throw new IllegalArgumentException("smoothing: one or more EWMA weights in (0, 1], got " + smoothing);
      }
    }

    /** The defaults for a warm-up of {@code warmupPoints}; rest and forgetting scale with it. */
    public static Config forWarmup(int warmupPoints) {
      return new Config(warmupPoints, BINS, (int) (warmupPoints * REST_FRACTION), ALERT_SCORE,
          (int) Math.min(Integer.MAX_VALUE, (long) FORGET_WARMUPS * warmupPoints), RANGE_FRACTION, SMOOTHING);
    }

    public static Config defaults() {
      return forWarmup(WARMUP_POINTS);
    }

    public Config withBins(int value) {
      return new Config(warmupPoints, value, restPoints, alertScore, forgetPoints, rangeFraction, smoothing);
    }

    public Config withRestPoints(int value) {
      return new Config(warmupPoints, bins, value, alertScore, forgetPoints, rangeFraction, smoothing);
    }

    public Config withForgetPoints(int value) {
      return new Config(warmupPoints, bins, restPoints, alertScore, value, rangeFraction, smoothing);
    }

    public Config withRangeFraction(double value) {
      return new Config(warmupPoints, bins, restPoints, alertScore, forgetPoints, value, smoothing);
    }

    public Config withSmoothing(List<Double> value) {
      return new Config(warmupPoints, bins, restPoints, alertScore, forgetPoints, rangeFraction, value);
    }
  }

  private final Config config;
  private final int freezeAt;
  private final int forgetPoints;
  private final int offset;
  private final int channels;
  /** The config's EWMA weights, unboxed (48 bytes a detector for four channels). */
  private final double[] alphas;
  /** Per channel and bin, the point count at its last visit; 0 = never. */
  private final int[] lastVisit;
  private final double[] smooth;
  private final double[] low;
  private final double[] high;
  /** 1 / bin width per channel: a multiplication per point instead of a division. */
  private final double[] perWidth;
  private final double[] frequency;
  /** The channel with the longest memory: its level before a point is what the point departs from. */
  private final int slowest;
  private double expected;
  private long n;
  private long lastAlert = Long.MIN_VALUE / 2;

  public NoveltyDetector(Config config) {
    this.config = Objects.requireNonNull(config, "config");
    this.freezeAt = Math.max(MIN_RANGE_POINTS, (int) (config.warmupPoints() * config.rangeFraction()));
    this.forgetPoints = config.forgetPoints();
    this.offset = Math.max(0, (TABLE - config.bins()) / 2);
    this.alphas = config.smoothing().stream().mapToDouble(Double::doubleValue).toArray();
    this.channels = alphas.length;
    int slow = 0;
    for (int c = 1; c < channels; c++) {
      slow = alphas[c] < alphas[slow] ? c : slow;
    }
    this.slowest = slow;
    this.lastVisit = new int[channels * TABLE];
    this.smooth = new double[channels];
    this.low = new double[channels];
    this.high = new double[channels];
    this.perWidth = new double[channels];
    this.frequency = new double[channels];
    java.util.Arrays.fill(low, Double.POSITIVE_INFINITY);
    java.util.Arrays.fill(high, Double.NEGATIVE_INFINITY);
  }

  /** Scores one point and learns from it; a non-finite value scores 0 and is not learned. */
  public double score(double value) {
    if (!Double.isFinite(value)) {
      return 0;
    }
    expected = n == 0 ? value : smooth[slowest];
    n++;
    for (int c = 0; c < channels; c++) {
      smooth[c] = n == 1 ? value : smooth[c] + alphas[c] * (value - smooth[c]);
    }
    if (n < freezeAt) {
      for (int c = 0; c < channels; c++) {
        low[c] = Math.min(low[c], smooth[c]);
        high[c] = Math.max(high[c], smooth[c]);
      }
      return 0;
    }
    if (n == freezeAt) {
      freezeRange();
    }
    double alpha = Math.max(FREQUENCY_ALPHA, 1.0 / (n - freezeAt + 1));
    double surprisal = 0;
    for (int c = 0; c < channels; c++) {
      double bin = Math.floor((smooth[c] - low[c]) * perWidth[c]) + offset;
      boolean novel = visit(c * TABLE + (int) Math.max(0, Math.min(TABLE - 1, bin)));
      double before = frequency[c];
      frequency[c] += alpha * ((novel ? 1 : 0) - frequency[c]);
      if (novel) {
        surprisal = Math.max(surprisal, -Math.log10(before + FREQUENCY_FLOOR));
      }
    }
    if (n <= config.warmupPoints()) {
      return 0;
    }
    double score = surprisal / (1 + surprisal);
    if (score >= config.alertScore()) {
      if (n - lastAlert <= config.restPoints()) {
        return config.alertScore() * 0.5;
      }
      lastAlert = n;
    }
    return score;
  }

  /** Scores one point; time is not used (points count, not seconds). */
  @Override
  public double score(long epochMillis, double value) {
    return score(value);
  }

  /** The level of the slowest channel before the last finite point (~50 points of memory by default). */
  @Override
  public double expected() {
    return expected;
  }

  @Override
  public double alertScore() {
    return config.alertScore();
  }

  /** Header, five doubles per channel, then only the visited bins (most of the table is never visited). */
  @Override
  public int stateBytes() {
    int visited = 0;
    for (int v : lastVisit) {
      visited += v == 0 ? 0 : 1;
    }
    return 8 + 8 + 8 + 1 + channels * 5 * 8 + 2 + visited * 6;
  }

  @Override
  public void save(java.nio.ByteBuffer out) {
    out.putLong(n).putLong(lastAlert).putDouble(expected).put((byte) channels);
    for (int c = 0; c < channels; c++) {
      out.putDouble(smooth[c]).putDouble(low[c]).putDouble(high[c]).putDouble(perWidth[c]).putDouble(frequency[c]);
    }
    int countAt = out.position();
    out.putShort((short) 0);
    short visited = 0;
    for (int i = 0; i < lastVisit.length; i++) {
      if (lastVisit[i] != 0) {
        out.putShort((short) i).putInt(lastVisit[i]);
        visited++;
      }
    }
    out.putShort(countAt, visited);
  }

  @Override
  public void restore(java.nio.ByteBuffer in) {
    n = in.getLong();
    lastAlert = in.getLong();
    expected = DetectorStates.finite(in.getDouble(), "expected");
    if (n < 0 || in.get() != channels) {
      throw new IllegalArgumentException("novelty state: point count or channels do not match the rule's detector");
    }
    for (int c = 0; c < channels; c++) {
      // low/high are infinite until the range is frozen; NaN is never legitimate.
      smooth[c] = DetectorStates.notNaN(in.getDouble(), "smooth");
      low[c] = DetectorStates.notNaN(in.getDouble(), "low");
      high[c] = DetectorStates.notNaN(in.getDouble(), "high");
      perWidth[c] = DetectorStates.finite(in.getDouble(), "perWidth");
      frequency[c] = DetectorStates.finite(in.getDouble(), "frequency");
    }
    int visited = in.getShort();
    if (visited < 0 || visited > lastVisit.length) {
      throw new IllegalArgumentException("novelty state: " + visited + " visited bins");
    }
    for (int i = 0; i < visited; i++) {
      int slot = in.getShort();
      if (slot < 0 || slot >= lastVisit.length) {
        throw new IllegalArgumentException("novelty state: bin " + slot + " out of range");
      }
      lastVisit[slot] = in.getInt();
    }
  }

  private void freezeRange() {
    for (int c = 0; c < channels; c++) {
      low[c] = Math.min(low[c], smooth[c]);
      high[c] = Math.max(high[c], smooth[c]);
      // A flat start gets bins of 0.1% of its level, so the first real movement is novel but noise in
      // the last digits of a constant is not.
      perWidth[c] = 1 / Math.max((high[c] - low[c]) / config.bins(), Math.max(Math.abs(high[c]) * 1e-3, 1e-9));
    }
  }

  /**
   * Marks a bin visited at this point; true when it was never visited or not for
   * {@code forgetPoints}. Point counts are kept as int: gaps are exact below 2^31 points, and once
   * every 2^32 points a visit reads as "never" (one spurious novelty in centuries of samples).
   */
  private boolean visit(int slot) {
    int now = (int) n;
    int last = lastVisit[slot];
    lastVisit[slot] = now;
    return last == 0 || now - last > forgetPoints;
  }
}
