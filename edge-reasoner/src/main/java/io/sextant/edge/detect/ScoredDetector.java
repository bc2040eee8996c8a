package io.sextant.edge.detect;

import io.sextant.edge.detect.BaselineDetector.Outcome;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The FIRING / RESOLVED state machine of a series watched by a scoring detector (novelty or
 * seasonal), so such a rule behaves at the edge like a baseline rule.
 *
 * <p><b>Firing.</b> A point fires the series when its score reaches the detector's alert score
 * (0.5 by default) and its deviation from the detector's {@link PointScorer#expected() level}
 * (novelty: the ~50-point EWMA before the point; seasonal: the prediction) is in the rule's
 * direction and larger than the rule's effect minimums: a novel drop does not fire an UP rule.
 * Both detectors score the start of an incident, not each of its points (a novel bin is learned at
 * once; a seasonal record rises with each alert), hence one point to fire.
 *
 * <p><b>No rest period.</b> The scorers run here without their refractory period (NAB's "one alert
 * per incident", {@code restPoints} / {@code holdPoints} = 0): the firing state already gives one
 * FIRING per incident, and a rest would also swallow a real fault that comes soon after a novelty
 * the rule's direction or effect minimums rejected (noise going down on an UP rule). Which point
 * first reaches the alert score is otherwise the same as in {@code sextant eval}.
 *
 * <p><b>Resolving.</b> While firing, a point is quiet when it scores below half the alert score:
 * for novelty, no channel entered a bin it had not visited lately, or only one it enters so often
 * (about every other point) that it says nothing. A fault that goes on taking the series somewhere
 * new keeps it firing. The series resolves after {@code pointsToClear} consecutive quiet points.
 * Novelty reports a change, not a state: a lasting level shift is learned once its slowest channel
 * (~50 points) has settled and then resolves, where the baseline detector keeps firing until
 * someone acts.
 *
 * <p><b>Time.</b> Points count, not seconds; a point not newer than the previous one, or not
 * finite, is rejected and not learned. Warm-up is the rule's {@code warmUpPoints}, which is also
 * the scorer's own warm-up (it scores 0 until then).
 *
 * <p>~64 bytes beside the scorer (~1.5 KB for novelty), no allocation per point. Not thread-safe.
 */
final class ScoredDetector implements SeriesDetector {
  private static final long NO_POINT_YET = Long.MIN_VALUE;

  private final DetectorRule rule;
  private final PointScorer scorer;
  private final double quietBelow;
  private long lastMillis = NO_POINT_YET;
  private double lastScore;
  /** The level at the firing point, kept while firing (what a scale-out is sized against). */
  private double frozenExpected;
  /** Points seen, saturating at the warm-up. */
  private int seen;
  /** Consecutive quiet points while firing. */
  private int run;
  private boolean firing;
  /** The point just observed resolved the series: its detection still reports the frozen level. */
  private boolean resolved;
  /** Restored from a checkpoint while firing: the first point re-announces a fault still present. */
  private boolean refire;

  ScoredDetector(DetectorRule rule, PointScorer scorer) {
    this.rule = Objects.requireNonNull(rule, "rule");
    this.scorer = Objects.requireNonNull(scorer, "scorer");
    this.quietBelow = scorer.alertScore() * 0.5;
  }

  /** The detector a scored rule asks for, with the rule's warm-up as the scorer's. */
  static ScoredDetector of(DetectorRule rule) {
    PointScorer scorer = switch (rule.detector()) {
      case NOVELTY -> new NoveltyDetector(NoveltyDetector.Config.forWarmup(rule.warmUpPoints()).withRestPoints(0));
      case SEASONAL -> new SeasonalDetector(
          SeasonalDetectorConfig.defaults().withWarmupPoints(rule.warmUpPoints()).withHoldPoints(0));
      case AUTO -> new AutoDetector(AutoDetector.Config.forWarmup(rule.warmUpPoints())
              .withSeasonalWeight(AutoDetector.Config.EDGE_SEASONAL_WEIGHT),
          new NoveltyDetector(NoveltyDetector.Config.forWarmup(rule.warmUpPoints()).withRestPoints(0)),
          new ProfileDetector(ProfileDetector.Config.forWarmup(rule.warmUpPoints()).withHoldPoints(0)));
      case BASELINE -> throw new IllegalArgumentException("detector: baseline rules are not scored");
    };
    return new ScoredDetector(rule, scorer);
  }

  @Override
  public Outcome observe(long epochMillis, double value) {
    if (!Double.isFinite(value) || (lastMillis != NO_POINT_YET && epochMillis <= lastMillis)) {
      return Outcome.REJECTED;
    }
    lastMillis = epochMillis;
    resolved = false;
    if (seen < rule.warmUpPoints()) {
      seen++;
    }
    double score = scorer.score(epochMillis, value);
    lastScore = score;
    if (refire) {
      // A scorer has learned the fault's novelty already, so a fault still present is judged by
      // its distance from the level the series fired at, not by a score.
      refire = false;
      if (rule.direction().toward(value - frozenExpected) > rule.minEffect(frozenExpected)) {
        run = 0;
        return Outcome.FIRED;
      }
    }
    if (firing) {
      run = score >= quietBelow ? 0 : run + 1;
      if (run >= rule.pointsToClear()) {
        firing = false;
        run = 0;
        resolved = true;
        return Outcome.RESOLVED;
      }
      return Outcome.NO_CHANGE;
    }
    double level = scorer.expected();
    if (score >= scorer.alertScore() && rule.direction().toward(value - level) > rule.minEffect(level)) {
      firing = true;
      run = 0;
      frozenExpected = level;
      return Outcome.FIRED;
    }
    return Outcome.NO_CHANGE;
  }

  @Override
  public boolean firing() {
    return firing;
  }

  @Override
  public boolean warmedUp() {
    return seen >= rule.warmUpPoints();
  }

  @Override
  public double expected() {
    return firing || resolved ? frozenExpected : scorer.expected();
  }

  /** The last point's score (the detector scores each point once, as it learns from it). */
  @Override
  public double score(double value) {
    return lastScore;
  }

  @Override
  public String evidence() {
    return scorer.evidence();
  }

  @Override
  public void expire() {
    firing = false;
    resolved = false;
    refire = false;
    run = 0;
  }

  @Override
  public long lastMillis() {
    return lastMillis;
  }

  /** Bytes of {@link #save}. */
  int stateBytes() {
    return 8 + 8 + 8 + 4 + 4 + 1 + scorer.stateBytes();
  }

  /** Writes the episode, then the scorer's learned state. */
  void save(ByteBuffer out) {
    // Flags: 1 firing, 2 the last point resolved the series (its level is still the frozen one).
    out.putLong(lastMillis).putDouble(lastScore).putDouble(frozenExpected).putInt(seen).putInt(run)
        .put((byte) ((firing ? 1 : 0) | (resolved ? 2 : 0)));
    scorer.save(out);
  }

  /** Reads what {@link #save} wrote into this fresh detector (see {@link BaselineDetector#restore}). */
  void restore(ByteBuffer in) {
    lastMillis = in.getLong();
    lastScore = DetectorStates.finite(in.getDouble(), "score");
    frozenExpected = DetectorStates.finite(in.getDouble(), "expected");
    seen = in.getInt();
    run = in.getInt();
    byte f = in.get();
    if (seen < 0 || run < 0 || f < 0 || f > 2) {
      throw new IllegalArgumentException("scored detector state out of range");
    }
    firing = f == 1;
    resolved = f == 2;
    refire = firing;
    scorer.restore(in);
  }

  @Override
  public DetectorRule rule() {
    return rule;
  }
}
