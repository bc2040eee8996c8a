package io.sextant.edge.detect;

import static io.sextant.edge.detect.Synthetic.SITE;
import static io.sextant.edge.detect.Synthetic.one;
import static io.sextant.edge.detect.Synthetic.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sextant.common.model.Detection;
import io.sextant.common.model.Sample;
import io.sextant.edge.detect.DetectorRule.Direction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Checkpoint records of each detector kind: a detector restored from its record behaves exactly
 * as the one it was taken from, a fault present at restart fires on the first point against the
 * pre-fault level, and a damaged record is refused without touching the detectors.
 */
class DetectorStatesTest {
  static final String RESOURCE = "service:edge-1/gw";
  static final int WARM_UP = 200;

  static DetectorRules rules() {
    return DetectorRules.of(
        DetectorRule.of("gw_baseline", Direction.UP, 0, 0.5).withWarmUpPoints(WARM_UP),
        DetectorRule.of("gw_seasonal", Direction.UP, 0, 0.5).withWarmUpPoints(WARM_UP)
            .withDetector(DetectorKind.SEASONAL),
        DetectorRule.of("gw_novelty", Direction.UP, 0, 0.5).withWarmUpPoints(WARM_UP)
            .withDetector(DetectorKind.NOVELTY),
        DetectorRule.of("gw_auto", Direction.UP, 0, 0.5).withWarmUpPoints(WARM_UP)
            .withDetector(DetectorKind.AUTO));
  }

  static String metric(DetectorKind kind) {
    return "gw_" + kind.configName();
  }

  /** Healthy noise around 20 for {@code points}, then the fault (80) from {@code faultAt}. */
  static double value(SplittableRandom random, int point, int faultAt) {
    return point >= faultAt ? 80 + random.nextGaussian() : 20 + random.nextGaussian();
  }

  static Map<Long, byte[]> checkpoint(SeriesDetectors detectors) {
    Map<Long, byte[]> records = new LinkedHashMap<>();
    detectors.checkpoint(Long.MIN_VALUE, (id, last, state) -> records.put(id, state));
    return records;
  }

  static SeriesDetectors restored(Map<Long, byte[]> records) {
    SeriesDetectors fresh = new SeriesDetectors(rules());
    records.forEach((id, state) -> assertThat(fresh.restore(id, state)).isTrue());
    return fresh;
  }

  @ParameterizedTest
  @EnumSource(DetectorKind.class)
  void aRestoredDetectorContinuesExactlyAsTheOneItWasTakenFrom(DetectorKind kind) {
    String metric = metric(kind);
    SeriesDetectors original = new SeriesDetectors(rules());
    SplittableRandom random = new SplittableRandom(kind.ordinal());
    int cut = WARM_UP * 4;
    int faultAt = cut + 100;
    for (int i = 0; i < cut; i++) {
      original.observe(one(metric, RESOURCE, i, value(random, i, faultAt)), SITE);
    }
    Map<Long, byte[]> records = checkpoint(original);
    assertThat(records).hasSize(1);
    SeriesDetectors copy = restored(records);
    assertThat(checkpoint(copy).values().iterator().next()).as("the record re-encodes to the same bytes")
        .isEqualTo(records.values().iterator().next());
    long series = records.keySet().iterator().next();
    assertThat(copy.expected(series)).as("warmed up at once").isPresent();

    List<Detection> fromOriginal = new ArrayList<>();
    List<Detection> fromCopy = new ArrayList<>();
    for (int i = cut; i < faultAt + 300; i++) {
      List<Sample> point = one(metric, RESOURCE, i, value(random, i, faultAt));
      fromOriginal.addAll(original.observe(point, SITE));
      fromCopy.addAll(copy.observe(point, SITE));
      assertThat(copy.firing(series)).as("point %d", i).isEqualTo(original.firing(series));
      assertThat(copy.expected(series).orElseThrow()).as("point %d", i)
          .isEqualTo(original.expected(series).orElseThrow());
    }
    assertThat(fromCopy).isEqualTo(fromOriginal);
    assertThat(fromCopy).extracting(Detection::state).first().isEqualTo(Detection.State.FIRING);
  }

  @Test
  void aFaultPresentAtRestartFiresOnTheFirstPointAgainstThePreFaultLevel() {
    SeriesDetectors before = new SeriesDetectors(rules());
    SplittableRandom random = new SplittableRandom(10);
    int faultAt = WARM_UP * 4;
    int killAt = faultAt + 30; // the fault has fired and lasted: checkpoints were taken during it
    List<Detection> detections = new ArrayList<>();
    for (int i = 0; i < killAt; i++) {
      detections.addAll(before.observe(one("gw_baseline", RESOURCE, i, value(random, i, faultAt)), SITE));
    }
    assertThat(detections).extracting(Detection::state).containsExactly(Detection.State.FIRING);

    SeriesDetectors after = restored(checkpoint(before));
    List<Detection> first = after.observe(one("gw_baseline", RESOURCE, killAt + 5, 80), SITE);
    assertThat(first).singleElement().satisfies(d -> {
      assertThat(d.state()).isEqualTo(Detection.State.FIRING);
      assertThat(d.expected()).as("the healthy level, not the faulted one").isCloseTo(20, within(2.0));
    });
    // Only once: the episode goes on, and ends when the fault does.
    List<Detection> rest = new ArrayList<>();
    for (int i = killAt + 6; i < killAt + 200; i++) {
      rest.addAll(after.observe(one("gw_baseline", RESOURCE, i, 80 + random.nextGaussian()), SITE));
    }
    assertThat(rest).isEmpty();
    for (int i = killAt + 200; i < killAt + 210; i++) {
      rest.addAll(after.observe(one("gw_baseline", RESOURCE, i, 20 + random.nextGaussian()), SITE));
    }
    assertThat(rest).extracting(Detection::state).containsExactly(Detection.State.RESOLVED);
  }

  /**
   * A scorer learns a novelty at once and reports a change, not a state (it resolves on a lasting
   * shift by design), so it could not fire again on a fault it already saw: a series restored while
   * firing re-announces the fault on its first point while the point is still away from the level
   * it fired at.
   */
  @ParameterizedTest
  @EnumSource(value = DetectorKind.class, names = {"NOVELTY", "SEASONAL"})
  void aScoredSeriesFiringAtTheCheckpointReannouncesAFaultStillPresent(DetectorKind kind) {
    String metric = metric(kind);
    SeriesDetectors before = new SeriesDetectors(rules());
    SplittableRandom random = new SplittableRandom(10 + kind.ordinal());
    int faultAt = WARM_UP * 4;
    int i = 0;
    long series = sample(metric, RESOURCE, 0, 0).seriesId();
    while (!before.firing(series)) {
      assertThat(i).as("fires on the fault").isLessThan(faultAt + 20);
      before.observe(one(metric, RESOURCE, i, value(random, i, faultAt)), SITE);
      i++;
    }
    SeriesDetectors after = restored(checkpoint(before));
    assertThat(after.firing(series)).isTrue();
    assertThat(after.observe(one(metric, RESOURCE, i + 5, 80), SITE)).singleElement().satisfies(d -> {
      assertThat(d.state()).isEqualTo(Detection.State.FIRING);
      assertThat(d.expected()).as("the level it fired at").isCloseTo(20, within(2.0));
    });
  }

  @Test
  void aFiringSeriesWhoseFaultEndedDuringTheRestartResolves() {
    SeriesDetectors before = new SeriesDetectors(rules());
    SplittableRandom random = new SplittableRandom(3);
    int faultAt = WARM_UP * 2;
    for (int i = 0; i < faultAt + 10; i++) {
      before.observe(one("gw_baseline", RESOURCE, i, value(random, i, faultAt)), SITE);
    }
    SeriesDetectors after = restored(checkpoint(before));
    List<Detection> detections = new ArrayList<>();
    for (int i = faultAt + 20; i < faultAt + 30; i++) {
      detections.addAll(after.observe(one("gw_baseline", RESOURCE, i, 20 + random.nextGaussian()), SITE));
    }
    assertThat(detections).extracting(Detection::state).containsExactly(Detection.State.RESOLVED);
  }

  @Test
  void aFreshEdgeWithoutTheRecordWouldLearnTheFaultedLevelAsNormal() {
    // The counterfactual of the test above: what the restore prevents.
    SeriesDetectors fresh = new SeriesDetectors(rules());
    List<Detection> detections = new ArrayList<>();
    for (int i = 0; i < WARM_UP * 3; i++) {
      detections.addAll(fresh.observe(one("gw_baseline", RESOURCE, i, 80 + new SplittableRandom(i).nextGaussian()),
          SITE));
    }
    assertThat(detections).isEmpty();
    assertThat(fresh.expected(sample("gw_baseline", RESOURCE, 0, 0).seriesId()).orElseThrow()).isCloseTo(80, within(2.0));
  }

  @Test
  void checkpointsLeaveOutSeriesSilentSinceTheCutOff() {
    SeriesDetectors detectors = new SeriesDetectors(rules());
    detectors.observe(one("gw_baseline", "service:edge-1/old", 0, 1), SITE);
    detectors.observe(one("gw_baseline", RESOURCE, 100, 1), SITE);
    List<Long> written = new ArrayList<>();
    int n = detectors.checkpoint(Synthetic.millis(50), (id, last, state) -> {
      written.add(id);
      assertThat(last).isEqualTo(Synthetic.millis(100));
    });
    assertThat(n).isEqualTo(1);
    assertThat(written).containsExactly(sample("gw_baseline", RESOURCE, 0, 0).seriesId());
  }

  @Test
  void aRecordWhoseRuleIsGoneOrSelectsAnotherDetectorIsNotRestored() {
    SeriesDetectors detectors = new SeriesDetectors(rules());
    detectors.observe(one("gw_baseline", RESOURCE, 0, 1), SITE);
    Map.Entry<Long, byte[]> record = checkpoint(detectors).entrySet().iterator().next();
    SeriesDetectors noRule = new SeriesDetectors(DetectorRules.of(DetectorRule.of("other", Direction.UP, 0, 0.5)));
    assertThat(noRule.restore(record.getKey(), record.getValue())).isFalse();
    SeriesDetectors otherKind = new SeriesDetectors(DetectorRules.of(
        DetectorRule.of("gw_baseline", Direction.UP, 0, 0.5).withDetector(DetectorKind.NOVELTY)));
    assertThat(otherKind.restore(record.getKey(), record.getValue())).isFalse();
    assertThat(noRule.seriesCount() + otherKind.seriesCount()).isZero();
  }

  @ParameterizedTest
  @EnumSource(DetectorKind.class)
  void aCorruptRecordIsRefusedAndChangesNothing(DetectorKind kind) {
    SeriesDetectors detectors = new SeriesDetectors(rules());
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < WARM_UP * 2; i++) {
      detectors.observe(one(metric(kind), RESOURCE, i, value(random, i, Integer.MAX_VALUE)), SITE);
    }
    byte[] good = checkpoint(detectors).values().iterator().next();
    int body = 4 + metric(kind).length();

    Map<String, byte[]> bad = new LinkedHashMap<>();
    bad.put("truncated", Arrays.copyOf(good, good.length - 3));
    bad.put("a byte too many", Arrays.copyOf(good, good.length + 1));
    bad.put("empty", new byte[0]);
    byte[] version = good.clone();
    version[0] = 99;
    bad.put("unknown version", version);
    byte[] unknownKind = good.clone();
    unknownKind[1] = 7;
    bad.put("unknown kind", unknownKind);
    byte[] nan = good.clone();
    // The first double after the episode's time: the level (baseline) or the last score (scored).
    java.nio.ByteBuffer.wrap(nan).putDouble(body + 8, Double.NaN);
    bad.put("NaN where a learned value was", nan);
    bad.put("garbage", new SplittableRandom(9).ints(good.length, 0, 256).collect(() -> new byte[good.length],
        new java.util.function.ObjIntConsumer<byte[]>() {
          int i;

          @Override
          public void accept(byte[] a, int v) {
            a[i++] = (byte) v;
          }
        }, (a, b) -> { }));

    SeriesDetectors fresh = new SeriesDetectors(rules());
    bad.forEach((what, record) -> assertThatThrownBy(() -> fresh.restore(1L, record)).as(what)
        .isInstanceOf(IllegalArgumentException.class));
    assertThat(fresh.seriesCount()).isZero();
    assertThat(fresh.restore(1L, good)).as("the good record beside them").isTrue();
  }
}
