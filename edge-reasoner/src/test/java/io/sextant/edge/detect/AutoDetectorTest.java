package io.sextant.edge.detect;

import static io.sextant.edge.detect.Synthetic.SITE;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.model.Detection;
import io.sextant.edge.detect.AutoDetector.Choice;
import io.sextant.edge.detect.DetectorRule.Direction;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The auto detector's choice from the warm-up's values: the daily profile (beside novelty) on a daily cycle,
 * novelty on a series without one (noise, a random walk, a trend with a level shift, a discrete
 * series), the reasons in the evidence, and the choice kept across a checkpoint.
 */
class AutoDetectorTest {
  /** Five-minute points: 288 a day; a warm-up of three days. */
  static final long STEP = 300_000L;
  static final int DAY = 288;
  static final int WARM_UP = 3 * DAY;
  static final long START = 1_700_000_000_000L;

  interface Shape {
    double at(int i, SplittableRandom r);
  }

  static AutoDetector run(Shape shape, int points, long seed) {
    AutoDetector d = AutoDetector.forWarmup(WARM_UP);
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < points; i++) {
      d.score(START + i * STEP, shape.at(i, r));
    }
    return d;
  }

  static double daily(int i, SplittableRandom r) {
    return 500 + 300 * Math.sin(2 * Math.PI * i / DAY) + 20 * r.nextGaussian();
  }

  @Test
  void aDailyCycleIsWatchedByTheDailyProfileAndTheEvidenceSaysWhy() {
    AutoDetector d = run(AutoDetectorTest::daily, WARM_UP + 10, 1);

    assertThat(d.choice()).isEqualTo(Choice.SEASONAL);
    assertThat(d.periodPoints()).isEqualTo(DAY);
    assertThat(d.strength()).isGreaterThan(0.9);
    assertThat(d.evidence()).startsWith("auto → daily profile (beside novelty, weight 0.60): period 288 points (1 day), "
        + "periodicity ").contains("≥ 0.50").contains("level shift").contains("noise");
  }

  @Test
  void seriesWithoutACycleAreWatchedByNoveltyEachWithItsReason() {
    double[] walk = {0};
    List<Shape> shapes = List.of(
        (i, r) -> 50 + 5 * r.nextGaussian(),
        (i, r) -> walk[0] += r.nextGaussian(),
        (i, r) -> 100 + 0.1 * i + (i > WARM_UP / 2 ? 40 : 0) + 3 * r.nextGaussian());
    for (Shape shape : shapes) {
      AutoDetector d = run(shape, WARM_UP + 10, 2);
      assertThat(d.choice()).as(d.evidence()).isEqualTo(Choice.NOVELTY);
      assertThat(d.evidence()).startsWith("auto → novelty: period 288 points (1 day), periodicity ").contains("< 0.50");
    }
    AutoDetector flags = run((i, r) -> (i / 7) % 2, WARM_UP + 10, 3);
    assertThat(flags.choice()).isEqualTo(Choice.NOVELTY);
    assertThat(flags.evidence()).startsWith("auto → novelty: discrete (2 values), no profile to learn");
  }

  @Test
  void aWarmUpTooShortForADayIsNoveltyAndSaysSo() {
    AutoDetector d = AutoDetector.forWarmup(100);
    SplittableRandom r = new SplittableRandom(4);
    for (int i = 0; i < 110; i++) {
      d.score(START + i * STEP, daily(i, r));
    }
    assertThat(d.choice()).isEqualTo(Choice.NOVELTY);
    assertThat(d.evidence()).startsWith("auto → novelty: warm-up spans 0.34 days, too short to judge a daily period");
  }

  @Test
  void theSeasonalSideFindsADipThatStaysInsideTheSeriesRange() {
    // A drop to the night's level at noon: nothing novelty has not seen, unusual for the hour.
    AutoDetector d = run(AutoDetectorTest::daily, WARM_UP, 5);
    NoveltyDetector alone = new NoveltyDetector(NoveltyDetector.Config.forWarmup(WARM_UP));
    SplittableRandom r = new SplittableRandom(5);
    for (int i = 0; i < WARM_UP; i++) {
      alone.score(daily(i, r));
    }
    double best = 0;
    double bestAlone = 0;
    SplittableRandom again = new SplittableRandom(6);
    for (int i = WARM_UP; i < WARM_UP + DAY; i++) {
      boolean dip = i >= WARM_UP + DAY / 4 && i < WARM_UP + DAY / 4 + 6;
      double v = dip ? 250 + 20 * again.nextGaussian() : daily(i, again);
      double s = d.score(START + i * STEP, v);
      double a = alone.score(v);
      if (dip) {
        best = Math.max(best, s);
        bestAlone = Math.max(bestAlone, a);
      }
    }
    assertThat(best).as("auto on the dip").isGreaterThanOrEqualTo(0.4);
    assertThat(bestAlone).as("novelty alone on the dip").isLessThan(0.4);
  }

  @Test
  void aRestoredAutoDetectorKeepsItsChoiceAndContinuesExactly() {
    for (Shape shape : List.<Shape>of(AutoDetectorTest::daily, (i, r) -> 50 + 5 * r.nextGaussian())) {
      AutoDetector original = run(shape, WARM_UP + 50, 7);
      ByteBuffer saved = ByteBuffer.allocate(original.stateBytes());
      original.save(saved);
      assertThat(saved.hasRemaining()).isFalse();
      AutoDetector copy = AutoDetector.forWarmup(WARM_UP);
      copy.restore(saved.flip());
      assertThat(copy.choice()).isEqualTo(original.choice());
      assertThat(copy.evidence()).isEqualTo(original.evidence());
      SplittableRandom r = new SplittableRandom(8);
      for (int i = WARM_UP + 50; i < WARM_UP + 400; i++) {
        double v = shape.at(i, r);
        assertThat(copy.score(START + i * STEP, v)).isEqualTo(original.score(START + i * STEP, v));
      }
    }
    // Mid warm-up: the sketch is saved too, and the choice made after the restore is the same.
    AutoDetector half = run(AutoDetectorTest::daily, WARM_UP / 2, 9);
    ByteBuffer saved = ByteBuffer.allocate(half.stateBytes());
    half.save(saved);
    AutoDetector copy = AutoDetector.forWarmup(WARM_UP);
    copy.restore(saved.flip());
    SplittableRandom r = new SplittableRandom(10);
    for (int i = WARM_UP / 2; i < WARM_UP + 5; i++) {
      double v = daily(i, r);
      half.score(START + i * STEP, v);
      copy.score(START + i * STEP, v);
    }
    assertThat(copy.choice()).isEqualTo(Choice.SEASONAL);
    assertThat(copy.evidence()).isEqualTo(half.evidence());
  }

  @Test
  void aDetectionOfAnAutoRuleCarriesTheEvidence() {
    DetectorRule rule = DetectorRule.of("orders_per_minute", Direction.DOWN, 0, 0.2)
        .withDetector(DetectorKind.AUTO).withWarmUpPoints(WARM_UP);
    SeriesDetectors detectors = new SeriesDetectors(DetectorRules.of(rule));
    SplittableRandom r = new SplittableRandom(11);
    List<Detection> out = new ArrayList<>();
    for (int i = 0; i < WARM_UP + DAY; i++) {
      boolean outage = i >= WARM_UP + DAY / 4;
      double v = outage ? 5 : daily(i, r);
      var batch = List.of(new io.sextant.common.model.Sample(SITE, "orders_per_minute", java.util.Map.of("resource", "shop"),
          java.time.Instant.ofEpochMilli(START + i * STEP), v));
      out.addAll(detectors.observe(batch, SITE));
    }
    assertThat(out).isNotEmpty();
    Detection first = out.get(0);
    assertThat(first.state()).isEqualTo(Detection.State.FIRING);
    assertThat(first.detector()).isEqualTo("auto");
    assertThat(first.evidence()).startsWith("auto → daily profile (beside novelty, weight 1.00): period 288 points");
  }

  @Test
  void aPeriodicRecordFromBeforeTheDailyProfileIsRefusedNotMisread() throws Exception {
    // Written by the auto detector of commit c4837e0 (seasonal beside novelty, 1.8 days of Synthetic's
    // daily cycle): its seasonal state does not parse as a profile, so the series warms up again.
    byte[] before = java.nio.file.Files.readAllBytes(GoldenDetectorStateTest.DIR.resolve("v1-auto-before-profile.bin"));
    DetectorRules rules = DetectorRules.of(DetectorRule.of("gw_auto", DetectorRule.Direction.UP, 0, 0.5)
        .withWarmUpPoints((int) (1.8 * Synthetic.POINTS_PER_DAY)).withDetector(DetectorKind.AUTO));
    SeriesDetectors detectors = new SeriesDetectors(rules);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> detectors.restore(7L, before))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(detectors.expected(7L)).isEmpty();
  }
}
