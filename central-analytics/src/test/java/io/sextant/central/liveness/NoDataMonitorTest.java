package io.sextant.central.liveness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.sextant.common.model.Detection;
import io.sextant.common.model.HealthSeries;
import io.sextant.common.model.Heartbeat;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import io.sextant.common.model.SampleBatch;
import io.sextant.common.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Timelines on the centre's clock (seconds after T0): batches and detections arrive at times, the
 * watch checks every 10 s as the centre ticks, and the alarms it would raise are asserted at times.
 */
class NoDataMonitorTest {
  static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
  static final NoDataSettings SETTINGS = new NoDataSettings(Duration.ofSeconds(60), Duration.ofSeconds(60),
      Duration.ofSeconds(120), 3, true);

  final MutableClock clock = new MutableClock(T0);
  final NoDataMonitor watch = new NoDataMonitor(clock, "central", List.of("edge-1", "edge-2"), SETTINGS);
  final List<Detection> raised = new ArrayList<>();

  static Instant t(int s) {
    return T0.plusSeconds(s);
  }

  /** A window of {@code site} ending at {@code window} arrives at {@code at}, with its sources' samples or none. */
  void batch(int at, String site, int window, boolean samples) {
    clock.set(t(at));
    // Every batch carries the heartbeat and the edge's own health series: neither is the site's data.
    List<Sample> list = new ArrayList<>(List.of(Heartbeat.sample(site, t(window)),
        HealthSeries.sample(site, HealthSeries.EDGE, t(window), "sextant_outbox_depth", Map.of("class", "samples"), 0)));
    if (samples) {
      list.add(new Sample(site, "host_cpu_busy_ratio", Labels.of("resource", "node:" + site + "/n1"), t(window), 0.2));
    }
    watch.onBatch(SampleBatch.of(site, t(window), list));
  }

  void check(int at) {
    clock.set(t(at));
    raised.addAll(watch.check());
  }

  /** Both sites deliver their current window every 10 s from {@code from} to {@code to}, checked between. */
  void live(int from, int to, String... sites) {
    for (int s = from; s <= to; s += 10) {
      for (String site : sites) {
        batch(s, site, s, true);
      }
      check(s + 5);
    }
  }

  @Test
  void aSiteThatFallsSilentAlarmsAfterTheConfiguredTimeAndClearsWhenBackFilledDataArrives() {
    live(0, 50, "edge-1", "edge-2");
    live(60, 100, "edge-2");
    assertThat(raised).isEmpty();
    live(110, 120, "edge-2"); // checks at 115, 125: edge-1 last heard at 50
    assertThat(raised).singleElement().satisfies(d -> {
      assertThat(d.state()).isEqualTo(Detection.State.FIRING);
      assertThat(d.metric()).isEqualTo(NoDataMonitor.SILENT);
      assertThat(d.detector()).isEqualTo("no-data");
      assertThat(d.site()).isEqualTo("edge-1");
      assertThat(d.resource()).isEqualTo("edge:edge-1");
      assertThat(d.time()).isEqualTo(t(115));
      assertThat(d.observed()).as("silent for, so since = 50").isEqualTo(65);
      assertThat(d.expected()).isEqualTo(60);
    });
    live(130, 190, "edge-2");
    batch(200, "edge-1", 60, true); // the edge was cut off: its outbox back-fills from window 60
    check(205);
    assertThat(raised).hasSize(2);
    assertThat(raised.get(1)).satisfies(d -> {
      assertThat(d.state()).isEqualTo(Detection.State.RESOLVED);
      assertThat(d.time()).as("the arrival").isEqualTo(t(200));
    });
  }

  @Test
  void anEdgeHeardWithoutSamplesIsItsOwnAlarmAndASilentEdgeIsNotAlsoOne() {
    live(0, 20, "edge-1", "edge-2");
    for (int s = 30; s <= 100; s += 10) {
      batch(s, "edge-1", s, false); // only the heartbeat and health: every source empty
      batch(s, "edge-2", s, true);
      check(s + 5);
    }
    assertThat(raised).extracting(Detection::state, Detection::metric, Detection::resource, Detection::time)
        .containsExactly(tuple(Detection.State.FIRING, NoDataMonitor.NO_SAMPLES, "site:edge-1", t(85)));
    batch(110, "edge-1", 110, true);
    check(115);
    assertThat(raised.get(1).state()).isEqualTo(Detection.State.RESOLVED);
    assertThat(raised.get(1).time()).isEqualTo(t(110));
    // An edge that goes silent altogether raises the silent alarm alone.
    live(120, 200, "edge-2");
    assertThat(raised.subList(2, raised.size())).extracting(Detection::metric).containsExactly(NoDataMonitor.SILENT);
  }

  @Test
  void aSiteNeverHeardAlarmsOnceTheCentreHasWaitedLongEnough() {
    live(0, 60, "edge-2");
    assertThat(raised).extracting(Detection::site, Detection::time).containsExactly(tuple("edge-1", t(65)));
    assertThat(raised.get(0).observed()).as("since the centre started").isEqualTo(65);
  }

  @Test
  void theCentreFallsBehindWhenEvenTheFreshestSiteIsLateAtThreeChecksInARow() {
    for (int s = 0; s <= 30; s += 10) { // a backlog: every site's window arrives 150 s after its end
      batch(s, "edge-1", s - 150, true);
      batch(s, "edge-2", s - 150, true);
      check(s + 5);
    }
    assertThat(raised).extracting(Detection::metric, Detection::state, Detection::time)
        .containsExactly(tuple(NoDataMonitor.INGEST_LAG, Detection.State.FIRING, t(25)));
    assertThat(raised.get(0).resource()).isEqualTo("central:ingest");
    assertThat(raised.get(0).site()).isEqualTo("central");
    assertThat(raised.get(0).observed()).isEqualTo(155);
    live(40, 40, "edge-1", "edge-2");
    assertThat(raised).last().extracting(Detection::state).isEqualTo(Detection.State.RESOLVED);
  }

  @Test
  void oneEdgeBackFillingAfterAPartitionIsNotTheCentreFallingBehind() {
    live(0, 30, "edge-1", "edge-2");
    for (int s = 40; s <= 100; s += 10) {
      batch(s, "edge-1", s - 300, true); // edge-1 drains an old outbox
      batch(s, "edge-2", s, true);
      check(s + 5);
    }
    assertThat(raised).isEmpty();
  }

  @Test
  void theAlarmPipelineFallsBehindOnlyWhenItsInputsStayOld() {
    live(0, 10, "edge-1", "edge-2");
    clock.set(t(20));
    watch.onAlarmInput(detectionAt(t(20).minusSeconds(600))); // a back-filled burst: one check only
    check(25);
    live(30, 40, "edge-1", "edge-2");
    assertThat(raised).isEmpty();
    for (int s = 50; s <= 70; s += 10) {
      clock.set(t(s));
      watch.onAlarmInput(detectionAt(t(s).minusSeconds(130)));
      batch(s, "edge-1", s, true);
      batch(s, "edge-2", s, true);
      check(s + 5);
    }
    assertThat(raised).extracting(Detection::metric, Detection::resource, Detection::time)
        .containsExactly(tuple(NoDataMonitor.ALARM_LAG, "central:alarm-engine", t(75)));
  }

  @Test
  void offMeansSilent() {
    NoDataMonitor off = new NoDataMonitor(clock, "central", List.of("edge-1"), NoDataSettings.off());
    clock.set(t(3600));
    assertThat(off.check()).isEmpty();
  }

  static Detection detectionAt(Instant time) {
    return new Detection(null, "edge-1", time, "ewma-baseline", "probe_loss_ratio", Labels.of("resource", "path:x"),
        "path:x", Detection.State.FIRING, 0.1, 0, 1);
  }
}
