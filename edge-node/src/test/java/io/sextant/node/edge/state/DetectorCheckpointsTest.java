package io.sextant.node.edge.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.collector.outbox.Outbox;
import io.sextant.collector.outbox.OutboxConfig;
import io.sextant.collector.outbox.SeriesStateStore;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Sample;
import io.sextant.edge.detect.DetectorRule;
import io.sextant.edge.detect.DetectorRules;
import io.sextant.edge.detect.SeriesDetectors;
import io.sextant.node.edge.config.DetectorStateSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's side of the checkpoints, on a real SQLite outbox file: what is restored, skipped and when it is written. */
class DetectorCheckpointsTest {
  static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
  static final DetectorRules RULES =
      DetectorRules.of(DetectorRule.of("gw_latency", DetectorRule.Direction.UP, 0, 0.5).withWarmUpPoints(5));
  static final DetectorStateSettings SETTINGS = new DetectorStateSettings(Duration.ofSeconds(60), Duration.ofHours(1));

  @TempDir Path dir;

  static List<Detection> feed(SeriesDetectors d, int second, double value, String... gateways) {
    List<Sample> window = new ArrayList<>();
    for (String g : gateways) {
      window.add(new Sample("edge-1", "gw_latency", Map.of("resource", "service:edge-1/" + g), T0.plusSeconds(second),
          value));
    }
    return d.observe(window, "edge-1");
  }

  Outbox outbox() {
    return new Outbox(OutboxConfig.defaults(dir.resolve("outbox.db")), Clock.systemUTC());
  }

  static DetectorCheckpoints checkpoints(SeriesDetectors d, Outbox o, Instant now) {
    return new DetectorCheckpoints("edge-1", d, new SeriesStateStore(o), Clock.fixed(now, ZoneOffset.UTC), SETTINGS);
  }

  @Test
  void whatWasLearnedComesBackFromTheFileWithoutAWarmUp() {
    try (Outbox o = outbox()) {
      SeriesDetectors d = new SeriesDetectors(RULES);
      for (int s = 0; s < 10; s++) {
        feed(d, s, 0.02, "gw-1", "gw-2");
      }
      DetectorCheckpoints c = checkpoints(d, o, T0.plusSeconds(10));
      c.checkpoint();
      assertThat(c.lastWritten().records()).isEqualTo(2);
    }
    try (Outbox o = outbox()) {
      SeriesDetectors d = new SeriesDetectors(RULES);
      DetectorCheckpoints c = checkpoints(d, o, T0.plusSeconds(100));
      c.restore();
      assertThat(c.restored()).isEqualTo(2);
      assertThat(d.warmingUp()).containsEntry("gw_latency", 0);
      // Judged against the level learned before the restart (pointsToFire 2: pending, then firing).
      assertThat(feed(d, 101, 0.2, "gw-1")).isEmpty();
      assertThat(feed(d, 102, 0.2, "gw-1")).singleElement().satisfies(x -> {
        assertThat(x.state()).isEqualTo(Detection.State.FIRING);
        assertThat(x.expected()).isEqualTo(0.02);
      });
    }
  }

  @Test
  void aCorruptRecordIsSkippedAndCountedAndTheGoodOnesBesideItAreRestored() {
    try (Outbox o = outbox()) {
      SeriesDetectors d = new SeriesDetectors(RULES);
      for (int s = 0; s < 10; s++) {
        feed(d, s, 0.02, "gw-1", "gw-2");
      }
      SeriesStateStore store = new SeriesStateStore(o);
      store.replaceAll(w -> {
        d.checkpoint(Long.MIN_VALUE, w::put);
        w.put(42, T0.toEpochMilli(), new byte[] {1, 0, 0, 3, 'b', 'a', 'd'});
        w.put(43, T0.toEpochMilli(), new byte[] {9, 9, 9});
      });
      SeriesDetectors fresh = new SeriesDetectors(RULES);
      DetectorCheckpoints c = checkpoints(fresh, o, T0.plusSeconds(30));
      c.restore();
      assertThat(c.restored()).isEqualTo(2);
      assertThat(c.corrupt()).isEqualTo(1); // 43: version 9
      assertThat(c.unmatched()).as("42 names metric 'bad', which has no rule").isEqualTo(1);
      assertThat(c.failures()).isZero();
      assertThat(fresh.seriesCount()).isEqualTo(2);
    }
  }

  @Test
  void seriesSilentForLongerThanTheMaxAgeWarmUpAfresh() {
    try (Outbox o = outbox()) {
      SeriesDetectors d = new SeriesDetectors(RULES);
      for (int s = 0; s < 10; s++) {
        feed(d, s, 0.02, "gw-1");
      }
      checkpoints(d, o, T0.plusSeconds(10)).checkpoint();
      SeriesDetectors fresh = new SeriesDetectors(RULES);
      DetectorCheckpoints c = checkpoints(fresh, o, T0.plus(SETTINGS.maxAge()).plusSeconds(11));
      c.restore();
      assertThat(c.restored()).isZero();
      assertThat(c.expired()).isEqualTo(1);
      assertThat(fresh.seriesCount()).isZero();
    }
  }

  @Test
  void aTransitionBringsTheNextCheckpointForwardNotMoreOftenThanTheGap() {
    try (Outbox o = outbox()) {
      SeriesDetectors d = new SeriesDetectors(RULES);
      DetectorCheckpoints c = checkpoints(d, o, T0);
      for (int s = 0; s < 10; s++) {
        feed(d, s, 0.02, "gw-1");
        c.afterWindow(T0.plusSeconds(s));
      }
      assertThat(c.checkpoints()).as("nothing before the interval").isZero();
      assertThat(feed(d, 10, 0.2, "gw-1")).isEmpty();
      c.afterWindow(T0.plusSeconds(10));
      assertThat(c.checkpoints()).as("no transition yet (pending)").isZero();
      assertThat(feed(d, 11, 0.2, "gw-1")).extracting(Detection::state).containsExactly(Detection.State.FIRING);
      c.afterWindow(T0.plusSeconds(11));
      assertThat(c.checkpoints()).as("the firing is kept at once: 11 s since the first window").isEqualTo(1);
      for (int s = 12; s < 71; s++) {
        feed(d, s, 0.2, "gw-1");
        c.afterWindow(T0.plusSeconds(s));
      }
      assertThat(c.checkpoints()).as("no transition since: the interval").isEqualTo(1);
      feed(d, 71, 0.2, "gw-1");
      c.afterWindow(T0.plusSeconds(71));
      assertThat(c.checkpoints()).isEqualTo(2);
    }
  }
}
