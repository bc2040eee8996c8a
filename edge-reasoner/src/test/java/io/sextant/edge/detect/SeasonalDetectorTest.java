package io.sextant.edge.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Timeline tests of the seasonal edge detector on seeded synthetic series (5-minute points). */
class SeasonalDetectorTest {
  private static final long STEP = 5 * 60_000L;
  private static final int DAY = 288;

  private static double daily(SplittableRandom r, int i) {
    return 100 + 40 * Math.sin(2 * Math.PI * i / DAY) + r.nextGaussian() * 2;
  }

  private static SeasonalDetector detector() {
    return new SeasonalDetector(SeasonalDetectorConfig.defaults().withWarmupPoints(4 * DAY));
  }

  @Test
  void dailyCycleIsLearnedSoOnlyARealSpikeStandsOut() {
    SplittableRandom r = new SplittableRandom(7);
    SeasonalDetector d = detector();
    int alerts = 0;
    for (int i = 0; i < 14 * DAY; i++) {
      double s = d.score(i * STEP, daily(r, i));
      assertThat(s).isBetween(0.0, 1.0);
      alerts += i > 7 * DAY && s >= SeasonalDetectorConfig.ALERT_SCORE ? 1 : 0;
    }
    // The rush hour is not a surprise: the odd new residual record (hour bins make a staircase of a
    // smooth cycle), not one alert per cycle phase: under 1% of the week's 2016 points.
    assertThat(alerts).as("alerts in the second week of a clean daily cycle").isLessThan(20);
    // +40 at the trough is 20 noise sigmas off the profile, though well inside the daily range.
    int trough = 15 * DAY - DAY / 4;
    for (int i = 14 * DAY; i < trough; i++) {
      d.score(i * STEP, daily(r, i));
    }
    assertThat(d.score(trough * STEP, daily(r, trough) + 40)).isGreaterThan(0.75);
  }

  @Test
  void levelShiftIsFlaggedAtOnceThenHeld() {
    SplittableRandom r = new SplittableRandom(8);
    SeasonalDetector d = detector();
    for (int i = 0; i < 10 * DAY; i++) {
      d.score(i * STEP, daily(r, i));
    }
    double first = 0;
    int firstAlert = -1;
    int alerts = 0;
    for (int i = 10 * DAY; i < 10 * DAY + 200; i++) {
      double s = d.score(i * STEP, daily(r, i) + 60);
      if (s >= SeasonalDetectorConfig.ALERT_SCORE) {
        alerts++;
        if (firstAlert < 0) {
          firstAlert = i - 10 * DAY;
          first = s;
        }
      }
    }
    assertThat(firstAlert).as("points until the shift is flagged").isBetween(0, 5);
    assertThat(first).isGreaterThanOrEqualTo(SeasonalDetectorConfig.ALERT_SCORE);
    assertThat(alerts).as("one alert per event within the hold period").isEqualTo(1);
  }

  @Test
  void nothingIsScoredDuringWarmupAndBadValuesAreIgnored() {
    SeasonalDetector d = detector();
    for (int i = 0; i < 4 * DAY; i++) {
      assertThat(d.score(i * STEP, i == 100 ? 1e6 : 5)).isZero();
    }
    assertThat(d.score(4 * DAY * STEP, Double.NaN)).isZero();
  }
}
