package io.sextant.edge.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The daily profile on a business-like KPI at a 1-minute step: a morning and an evening peak over a
 * night floor, Gaussian noise of 2 % of the level, two days of warm-up. Timelines of one day after it.
 */
class ProfileDetectorTest {
  static final long START = 1_704_067_200_000L; // Monday 2024-01-01 00:00 UTC
  static final long MINUTE = 60_000L;
  static final int DAY = 1440;
  static final int WARM_UP = 2 * DAY;
  static final double LEVEL = 1000;
  static final double NOISE = 20;
  /** The score at the alert level (zAlert spreads); the figures say how far a case is from it. */
  static final double ALERT = 0.5;

  static double curve(int i) {
    double hour = (i % DAY) / 60.0;
    return LEVEL * (0.2 + 0.8 * Math.max(bump(hour, 10, 2), 0.7 * bump(hour, 20, 1.5)));
  }

  private static double bump(double hour, double at, double width) {
    double d = Math.min(Math.abs(hour - at), 24 - Math.abs(hour - at));
    return Math.exp(-d * d / (2 * width * width));
  }

  /** A detector past two normal days. */
  static ProfileDetector warmed(SplittableRandom r) {
    ProfileDetector d = new ProfileDetector(ProfileDetector.Config.forWarmup(WARM_UP));
    for (int i = 0; i < WARM_UP; i++) {
      assertThat(d.score(START + i * MINUTE, curve(i) + NOISE * r.nextGaussian())).isZero();
    }
    return d;
  }

  /** The highest score over the third day, with {@code change} applied to minutes [from, to). */
  static double[] thirdDay(ProfileDetector d, SplittableRandom r, int from, int to, double factor, double add) {
    double inside = 0;
    double outside = 0;
    for (int i = WARM_UP; i < WARM_UP + DAY; i++) {
      boolean in = i >= WARM_UP + from && i < WARM_UP + to;
      double v = (curve(i) + NOISE * r.nextGaussian()) * (in ? factor : 1) + (in ? add : 0);
      double s = d.score(START + i * MINUTE, v);
      if (in && i < WARM_UP + from + 7) {
        inside = Math.max(inside, s);
      } else if (!in && i >= WARM_UP + to + 10) {
        outside = Math.max(outside, s);
      }
    }
    return new double[] {inside, outside};
  }

  @Test
  void aNormalDayStaysBelowTheAlertScore() {
    for (long seed = 1; seed <= 5; seed++) {
      SplittableRandom r = new SplittableRandom(seed);
      ProfileDetector d = warmed(r);
      double[] s = thirdDay(d, r, 0, 0, 1, 0);
      assertThat(s[1]).as("seed %d: the highest score of a normal day", seed).isLessThan(ALERT);
    }
  }

  @Test
  void aShortDipInTheMorningRampIsFlaggedWithinItsFirstPoints() {
    // 15 minutes at 70 % during the morning rise, 8:00: inside the day's range, ~7 spreads below the curve.
    assertDipFlaggedAndDayQuiet(11, 8 * 60, 15, 0.7);
  }

  @Test
  void aSmallDipAtNightIsFlaggedByTheShortWindowSum() {
    // At the night floor (200) a 30 % dip is 3 spreads a point, which alone scores ~0.33 (3 / (3 + 6));
    // seven such points add up to ~6.6 standard deviations of the short-window mean.
    assertDipFlaggedAndDayQuiet(12, 3 * 60, 30, 0.7);
  }

  private static void assertDipFlaggedAndDayQuiet(long seed, int fromMinute, int minutes, double factor) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] s = thirdDay(warmed(r), r, fromMinute, fromMinute + minutes, factor, 0);
    assertThat(s[0]).as("the dip's first 7 points").isGreaterThanOrEqualTo(ALERT);
    assertThat(s[1]).as("the rest of the day").isLessThan(ALERT);
  }

  @Test
  void aLevelShiftIsFlaggedOnItsFirstPoints() {
    SplittableRandom r = new SplittableRandom(13);
    ProfileDetector d = warmed(r);
    double[] s = thirdDay(d, r, 14 * 60, 16 * 60, 1, 8 * NOISE);
    assertThat(s[0]).as("the shift's first 7 points").isGreaterThanOrEqualTo(ALERT);
  }

  @Test
  void aWeekendAtHalfTheLevelIsPredictedOnceOneWeekendHasBeenSeen() {
    // Two weeks, weekends at half the level: the second Saturday morning's ramp is not an anomaly.
    SplittableRandom r = new SplittableRandom(14);
    ProfileDetector d = new ProfileDetector(ProfileDetector.Config.forWarmup(WARM_UP));
    double secondSaturday = 0;
    for (int i = 0; i < 14 * DAY; i++) {
      boolean weekend = (i / DAY) % 7 >= 5;
      double s = d.score(START + i * MINUTE, curve(i) * (weekend ? 0.5 : 1) + NOISE * r.nextGaussian());
      if (i / DAY == 12) {
        secondSaturday = Math.max(secondSaturday, s);
      }
    }
    assertThat(secondSaturday).isLessThan(ALERT);
  }

  @Test
  void aRestoredProfileContinuesExactly() {
    SplittableRandom r = new SplittableRandom(15);
    ProfileDetector original = warmed(r);
    ByteBuffer state = ByteBuffer.allocate(original.stateBytes());
    original.save(state);
    assertThat(state.hasRemaining()).isFalse();
    ProfileDetector copy = new ProfileDetector(ProfileDetector.Config.forWarmup(WARM_UP));
    copy.restore(ByteBuffer.wrap(state.array()));
    for (int i = WARM_UP; i < WARM_UP + 600; i++) {
      double v = curve(i) + NOISE * r.nextGaussian() - (i > WARM_UP + 300 ? 300 : 0);
      assertThat(copy.score(START + i * MINUTE, v)).isEqualTo(original.score(START + i * MINUTE, v));
    }
  }

  @Test
  void aCycleAroundZeroStaysFiniteAndQuietAndASpikeOnItIsFlagged() {
    // The level factor is a ratio to the profile, ill-defined where the profile crosses zero.
    SplittableRandom r = new SplittableRandom(16);
    ProfileDetector d = new ProfileDetector(ProfileDetector.Config.forWarmup(WARM_UP));
    double normal = 0;
    double spike = 0;
    for (int i = 0; i < 4 * DAY; i++) {
      boolean at = i == 3 * DAY + 300;
      double v = 100 * Math.sin(2 * Math.PI * i / DAY) + 5 * r.nextGaussian() + (at ? 60 : 0);
      double s = d.score(START + i * MINUTE, v);
      assertThat(s).isFinite();
      assertThat(d.expected()).isFinite();
      if (at) {
        spike = s;
      } else if (i >= WARM_UP && (i < 3 * DAY + 300 || i > 3 * DAY + 310)) {
        normal = Math.max(normal, s);
      }
    }
    assertThat(normal).as("two normal days").isLessThan(ALERT);
    assertThat(spike).as("a 12-spread spike").isGreaterThanOrEqualTo(ALERT);
  }
}
