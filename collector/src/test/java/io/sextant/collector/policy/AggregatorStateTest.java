package io.sextant.collector.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.collector.outbox.Outbox;
import io.sextant.collector.outbox.OutboxConfig;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import io.sextant.common.model.UploadPolicy;
import io.sextant.common.model.UploadPolicy.Mode;
import io.sextant.common.time.MutableClock;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The saved form of the open aggregate windows: pinned by a golden file, read back exactly, refused clearly when damaged. */
class AggregatorStateTest {
  static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  static final String GOLDEN = "/golden/aggregate-state-v1.b64";

  @TempDir Path dir;

  /** One series with a 30 s window half full and a 1 m window (a policy change) open, closed up to T0 + 10 s. */
  static WindowAggregator fixture() {
    WindowAggregator agg = new WindowAggregator();
    agg.close("edge-1", T0.plusSeconds(10));
    agg.add(new Sample("edge-1", "subscriber_bytes", Labels.of("imsi", "h_0123456789abcdef", "cell", "c1"),
        T0.plusSeconds(15), 2.5), Duration.ofSeconds(30));
    agg.add(new Sample("edge-1", "subscriber_bytes", Labels.of("imsi", "h_0123456789abcdef", "cell", "c1"),
        T0.plusSeconds(20), -1), Duration.ofSeconds(30));
    agg.add(new Sample("edge-1", "subscriber_bytes", Labels.of("imsi", "h_0123456789abcdef", "cell", "c1"),
        T0.plusSeconds(20), 7), Duration.ofMinutes(1));
    return agg;
  }

  static byte[] golden() throws Exception {
    try (InputStream in = AggregatorStateTest.class.getResourceAsStream(GOLDEN)) {
      return Base64.getDecoder().decode(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
    }
  }

  @Test
  void theEncodingIsTheGoldenOneAndReadsBackToTheSameAggregates() throws Exception {
    byte[] saved = fixture().snapshot().orElseThrow();
    assertThat(Base64.getEncoder().encodeToString(saved)).isEqualTo(Base64.getEncoder().encodeToString(golden()));

    WindowAggregator restored = new WindowAggregator();
    restored.restore(golden());
    assertThat(restored.closedUpTo()).contains(T0.plusSeconds(10));
    assertThat(restored.openSeries()).isEqualTo(1);
    // A late point for the closed window stays late after the restore.
    assertThat(restored.add(new Sample("edge-1", "m", Labels.of(), T0.plusSeconds(5), 1), Duration.ofSeconds(10)))
        .isFalse();
    List<Sample> out = restored.close("edge-1", T0.plusSeconds(60));
    assertThat(out).extracting(Sample::metric, Sample::time, Sample::value).containsExactlyInAnyOrder(
        org.assertj.core.api.Assertions.tuple("subscriber_bytes:count_30s", T0.plusSeconds(30), 2.0),
        org.assertj.core.api.Assertions.tuple("subscriber_bytes:sum_30s", T0.plusSeconds(30), 1.5),
        org.assertj.core.api.Assertions.tuple("subscriber_bytes:min_30s", T0.plusSeconds(30), -1.0),
        org.assertj.core.api.Assertions.tuple("subscriber_bytes:max_30s", T0.plusSeconds(30), 2.5),
        org.assertj.core.api.Assertions.tuple("subscriber_bytes:last_30s", T0.plusSeconds(30), -1.0),
        org.assertj.core.api.Assertions.tuple("subscriber_bytes:count_1m", T0.plusSeconds(60), 1.0),
        org.assertj.core.api.Assertions.tuple("subscriber_bytes:sum_1m", T0.plusSeconds(60), 7.0),
        org.assertj.core.api.Assertions.tuple("subscriber_bytes:min_1m", T0.plusSeconds(60), 7.0),
        org.assertj.core.api.Assertions.tuple("subscriber_bytes:max_1m", T0.plusSeconds(60), 7.0),
        org.assertj.core.api.Assertions.tuple("subscriber_bytes:last_1m", T0.plusSeconds(60), 7.0));
    assertThat(out).allMatch(s -> s.labels().equals(Labels.of("imsi", "h_0123456789abcdef", "cell", "c1")));
  }

  @Test
  void aStateIsWrittenOnlyWhenItChangedAndNeverForASiteThatAggregatesNothing() {
    WindowAggregator raw = new WindowAggregator();
    raw.close("edge-1", T0.plusSeconds(5));
    raw.close("edge-1", T0.plusSeconds(10));
    assertThat(raw.snapshot()).isEmpty();

    WindowAggregator agg = fixture();
    assertThat(agg.snapshot()).isPresent();
    assertThat(agg.snapshot()).isEmpty();
    agg.close("edge-1", T0.plusSeconds(15)); // nothing emitted, but where windows are closed moved
    assertThat(agg.snapshot()).isPresent();
    agg.unsaved(); // the commit failed: the next window writes it again
    assertThat(agg.snapshot()).isPresent();
  }

  @Test
  void aDamagedStateIsRefusedWithAReason() throws Exception {
    byte[] good = golden();
    Map.Entry<byte[], String>[] cases = cases(good);
    for (Map.Entry<byte[], String> c : cases) {
      assertThatThrownBy(() -> new WindowAggregator().restore(c.getKey())).as(c.getValue())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aggregate state");
    }
  }

  @SuppressWarnings("unchecked")
  static Map.Entry<byte[], String>[] cases(byte[] good) {
    byte[] version = good.clone();
    version[0] = 9;
    byte[] trailing = Arrays.copyOf(good, good.length + 1);
    return new Map.Entry[] {Map.entry(Arrays.copyOf(good, good.length - 3), "truncated"),
        Map.entry(version, "unknown version"), Map.entry(trailing, "trailing bytes"), Map.entry(new byte[0], "empty")};
  }

  @Test
  void anUnreadableSavedStateIsCountedDroppedAndTheEdgeGoesOn() {
    MutableClock clock = new MutableClock(T0);
    try (Outbox outbox = new Outbox(OutboxConfig.defaults(dir.resolve("outbox.db")), clock)) {
      outbox.save(UploadPolicyEngine.STATE_AGGREGATES, new byte[] {1, 2, 3});
      UploadPolicyEngine engine = new UploadPolicyEngine("edge-1", outbox);
      assertThat(engine.aggregateStateUnreadable()).isEqualTo(1);
      engine.accept(new UploadPolicy(null, "edge-1", T0, 1, Mode.AGGREGATE, List.of(), List.of(), Duration.ofSeconds(10)));
      engine.filter(T0.plusSeconds(5), List.of(new Sample("edge-1", "m", Labels.of(), T0.plusSeconds(5), 1)), List.of());
      Upload up = engine.filter(T0.plusSeconds(10), List.of(), List.of());
      assertThat(up.samples()).hasSize(5);
      assertThat(up.state()).containsKey(UploadPolicyEngine.STATE_AGGREGATES);
    }
  }
}
