package io.sextant.edge.detect;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The streaming detector of one series: a learned baseline (level and spread) and a debounced
 * normal / firing state machine.
 *
 * <p><b>Baseline.</b> The level is an EWMA of the values; the spread is an EWMA of the absolute
 * one-step prediction error {@code |x - level|}, which is robust to the odd spike where a variance
 * EWMA is dominated by it. For Gaussian noise the mean absolute deviation is {@code sigma * sqrt(2/pi)},
 * hence {@code sigma = 1.25 * spread}. Sigma is floored at {@value #RELATIVE_SIGMA_FLOOR} of the level
 * and at the rule's absolute floor, so a near-constant series (a GPU that is exactly up, a link
 * without loss) does not turn rounding noise into a fault. The first points are averaged with
 * weight {@code 1/n} instead of {@link #ALPHA}, so a new series does not start from zero.
 *
 * <p><b>Freezing.</b> Only normal points are learned. While a series is pending (anomalous but not
 * yet for {@code pointsToFire} points) or firing, the baseline is frozen, so a long fault is not
 * learned as the new normal and {@link #expected()} stays the pre-fault level; learning resumes
 * with the first point after the series resolves. A consequence by design: a permanent step (a
 * new release doubling CPU) keeps firing until someone acts, and an isolated spike is never learned.
 *
 * <p><b>Time.</b> The detector counts points, not seconds, so a missing scrape only costs one point.
 * A point not newer than the previous one (a resend, a clock step back) is rejected. After a
 * silence longer than {@link #RELEARN_AFTER_MILLIS} a quiet series warms up again, because a
 * daily cycle may have moved its level far from what was learned before the gap; a firing series
 * keeps its frozen baseline and resolves on its own evidence.
 *
 * <p><b>Score.</b> {@code 1 - exp(-max(0, z - 1)^2 / 8)} for the deviation in the rule's direction:
 * 0 within one sigma, 0.39 at 3 sigma, 0.86 at 5, 0.99 at 7; monotone, so alarms can be ranked.
 *
 * <p>Seven fields (~56 bytes with compressed oops) and no allocation per point. Not thread-safe:
 * the owner confines each detector to one thread.
 */
public final class BaselineDetector implements SeriesDetector {
  /** EWMA weight: a memory of ~50 points (about 4 minutes at 5 s), far shorter than a daily cycle. */
  public static final double ALPHA = 0.02;
  /** Mean absolute deviation to sigma for Gaussian noise: sqrt(pi / 2). */
  public static final double MAD_TO_SIGMA = 1.25;
  /** Sigma never goes below 1% of the level. */
  public static final double RELATIVE_SIGMA_FLOOR = 0.01;
  /** A series silent for longer than this learns its baseline again (30 minutes). */
  public static final long RELEARN_AFTER_MILLIS = 30 * 60 * 1000L;
  /** Keeps z finite on a series that has been exactly 0 so far. */
  private static final double MIN_SIGMA = 1e-12;
  private static final long NO_POINT_YET = Long.MIN_VALUE;

  /** What one point did to the detector. */
  public enum Outcome {
    /** Not finite, or not newer than the previous point: the state is untouched. */
    REJECTED,
    /** No transition: learned (normal or warming up), or held while pending or firing. */
    NO_CHANGE,
    /** The series starts firing with this point. */
    FIRED,
    /** The series stops firing with this point. */
    RESOLVED
  }

  private final DetectorRule rule;
  private double level;
  private double spread;
  private long lastMillis = NO_POINT_YET;
  /** Points learned since the last (re)start, saturating; drives warm-up and the 1/n start. */
  private int learned;
  /** Consecutive anomalous points while not firing, consecutive normal points while firing. */
  private int run;
  private boolean firing;
  /** Restored from a checkpoint while firing: the first point re-announces a fault still present. */
  private boolean refire;

  public BaselineDetector(DetectorRule rule) {
    this.rule = Objects.requireNonNull(rule, "rule");
  }

  /**
   * Ends a firing episode whose series stopped reporting (see {@link SeriesDetectors}); the
   * baseline stays frozen and a long silence relearns it on the next point.
   */
  public void expire() {
    firing = false;
    refire = false;
    run = 0;
  }

  /** Feeds one point; points must come in time order (epoch milliseconds). */
  public Outcome observe(long epochMillis, double value) {
    if (!Double.isFinite(value) || (lastMillis != NO_POINT_YET && epochMillis <= lastMillis)) {
      return Outcome.REJECTED;
    }
    if (!firing && lastMillis != NO_POINT_YET && epochMillis - lastMillis > RELEARN_AFTER_MILLIS) {
      learned = 0;
      run = 0;
    }
    lastMillis = epochMillis;
    if (learned < rule.warmUpPoints()) {
      learn(value);
      return Outcome.NO_CHANGE;
    }
    boolean anomalous = anomalous(value);
    if (refire) {
      // The process that raised this episode is gone, and with it what local repair knew of it.
      refire = false;
      if (anomalous) {
        run = 0;
        return Outcome.FIRED;
      }
    }
    if (firing) {
      run = anomalous ? 0 : run + 1;
      if (run >= rule.pointsToClear()) {
        firing = false;
        run = 0;
        return Outcome.RESOLVED;
      }
      return Outcome.NO_CHANGE;
    }
    if (!anomalous) {
      run = 0;
      learn(value);
      return Outcome.NO_CHANGE;
    }
    if (++run >= rule.pointsToFire()) {
      firing = true;
      run = 0;
      return Outcome.FIRED;
    }
    return Outcome.NO_CHANGE;
  }

  public boolean firing() {
    return firing;
  }

  /** Past warm-up: the baseline is meaningful and the detector may fire. */
  public boolean warmedUp() {
    return learned >= rule.warmUpPoints();
  }

  /** The learned level; frozen at its pre-fault value while pending or firing. */
  public double expected() {
    return level;
  }

  /** The learned noise, with its floors applied. */
  public double sigma() {
    return Math.max(Math.max(MAD_TO_SIGMA * spread, rule.sigmaFloor()),
        Math.max(RELATIVE_SIGMA_FLOOR * Math.abs(level), MIN_SIGMA));
  }

  /** The score in [0, 1] of a value against the current baseline, in the rule's direction. */
  public double score(double value) {
    double excess = Math.max(0, z(value) - 1);
    return 1 - Math.exp(-excess * excess / 8);
  }

  public DetectorRule rule() {
    return rule;
  }

  @Override
  public long lastMillis() {
    return lastMillis;
  }

  /** Bytes of {@link #save}. */
  static final int STATE_BYTES = 8 + 8 + 8 + 4 + 4 + 1;

  /** Writes the learned baseline and the episode (see {@link DetectorStates} for the record around it). */
  void save(ByteBuffer out) {
    out.putLong(lastMillis).putDouble(level).putDouble(spread).putInt(learned).putInt(run).put((byte) (firing ? 1 : 0));
  }

  /**
   * Reads what {@link #save} wrote into this fresh detector; a value no detector could have held is
   * refused (IllegalArgumentException), so a damaged record never becomes a baseline. A series
   * that was firing stays firing and re-announces the fault on its first point if still there.
   */
  void restore(ByteBuffer in) {
    lastMillis = in.getLong();
    level = DetectorStates.finite(in.getDouble(), "level");
    spread = DetectorStates.finite(in.getDouble(), "spread");
    learned = in.getInt();
    run = in.getInt();
    byte f = in.get();
    if (spread < 0 || learned < 0 || run < 0 || (f != 0 && f != 1)) {
      throw new IllegalArgumentException("baseline state out of range");
    }
    firing = f == 1;
    refire = firing;
  }

  private double z(double value) {
    return rule.direction().toward(value - level) / sigma();
  }

  private boolean anomalous(double value) {
    double deviation = rule.direction().toward(value - level);
    return deviation > rule.minEffect(level) && deviation >= rule.zThreshold() * sigma();
  }

  private void learn(double value) {
    if (learned == 0) {
      level = value;
      spread = 0;
    } else {
      double error = value - level;
      // 1/n weights average the first points exactly; ALPHA takes over after 1/ALPHA points.
      level += Math.max(ALPHA, 1.0 / (learned + 1)) * error;
      spread += Math.max(ALPHA, 1.0 / learned) * (Math.abs(error) - spread);
    }
    if (learned < Integer.MAX_VALUE) {
      learned++;
    }
  }
}
