package io.sextant.collector.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.collector.outbox.Outbox;
import io.sextant.collector.outbox.OutboxConfig;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Heartbeat;
import io.sextant.common.model.Sample;
import io.sextant.common.model.UploadPolicy;
import io.sextant.common.model.UploadPolicy.Mode;
import io.sextant.common.model.UploadPolicy.Rule;
import io.sextant.common.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadPolicyEngineTest {
  static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  static final String SITE = "edge-1";

  @TempDir Path dir;
  MutableClock clock = new MutableClock(T0);
  Outbox outbox;

  @BeforeEach
  void open() {
    outbox = new Outbox(OutboxConfig.defaults(dir.resolve("outbox.db")), clock);
  }

  @AfterEach
  void close() {
    outbox.close();
  }

  static Sample s(String metric, Instant t, double v, String... labels) {
    return new Sample(SITE, metric, Labels.of(labels), t, v);
  }

  static UploadPolicy policy(long version, Mode dflt, List<Rule> rules, List<String> redact, Duration window) {
    return new UploadPolicy(null, SITE, T0, version, dflt, rules, redact, window);
  }

  static Detection firing(Sample s) {
    return Detection.of(SITE, s.time(), "baseline", s, Detection.State.FIRING, 1.0, 9.0);
  }

  @Test
  void withoutAPolicyEverythingGoesUpAsIs() {
    UploadPolicyEngine engine = new UploadPolicyEngine(SITE, outbox);
    Sample a = s("cpu", T0, 1, "resource", "node:edge-1/n1");
    Upload up = engine.filter(T0, List.of(a), List.of(firing(a)));
    assertThat(up.samples()).containsExactly(a);
    assertThat(up.detections()).hasSize(1);
    assertThat(engine.current()).isEmpty();
    assertThat(engine.samples(Mode.RAW)).isEqualTo(1);
  }

  @Test
  void rawAggregateAndLocalOnlySeriesAreTreatedByTheFirstMatchingRule() {
    UploadPolicyEngine engine = new UploadPolicyEngine(SITE, outbox);
    engine.accept(policy(1, Mode.RAW, List.of(
        new Rule("subscriber_*", Map.of(), Mode.LOCAL_ONLY),
        new Rule("host_*", Map.of("tier", "bulk"), Mode.AGGREGATE),
        new Rule("host_*", Map.of(), Mode.RAW)), List.of(), Duration.ofSeconds(30)));

    List<Sample> uploaded = new java.util.ArrayList<>();
    List<Detection> detections = new java.util.ArrayList<>();
    // 5 s windows from 10:00:05 to 10:01:00: two 30 s aggregate windows close (at :30 and 1:00).
    for (int i = 1; i <= 12; i++) {
      Instant t = T0.plusSeconds(5L * i);
      Sample bulk = s("host_disk_bytes", t, i, "tier", "bulk");
      Sample gold = s("host_cpu", t, 100 + i, "tier", "gold");
      Sample sub = s("subscriber_throughput", t, 7, "imsi", "001010123456789");
      Upload up = engine.filter(t, List.of(bulk, gold, sub), i == 3 ? List.of(firing(sub), firing(gold)) : List.of());
      uploaded.addAll(up.samples());
      detections.addAll(up.detections());
    }

    assertThat(uploaded).noneMatch(x -> x.metric().startsWith("subscriber_"));
    assertThat(uploaded).filteredOn(x -> x.metric().equals("host_cpu")).hasSize(12);
    assertThat(uploaded).noneMatch(x -> x.metric().equals("host_disk_bytes"));
    Map<String, List<Double>> aggregates = uploaded.stream().filter(x -> x.metric().startsWith("host_disk_bytes:"))
        .collect(Collectors.groupingBy(Sample::metric, java.util.TreeMap::new,
            Collectors.mapping(Sample::value, Collectors.toList())));
    // [10:00:00, 10:00:30) holds the points of 10:00:05..10:00:25 (1..5); [:30, 1:00) holds 6..11.
    assertThat(aggregates).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(
        "host_disk_bytes:count_30s", List.of(5.0, 6.0),
        "host_disk_bytes:sum_30s", List.of(15.0, 51.0),
        "host_disk_bytes:min_30s", List.of(1.0, 6.0),
        "host_disk_bytes:max_30s", List.of(5.0, 11.0),
        "host_disk_bytes:last_30s", List.of(5.0, 11.0))));
    assertThat(uploaded).filteredOn(x -> x.metric().equals("host_disk_bytes:sum_30s"))
        .extracting(Sample::time).containsExactly(T0.plusSeconds(30), T0.plusSeconds(60));
    assertThat(uploaded).filteredOn(x -> x.metric().startsWith("host_disk_bytes:"))
        .allMatch(x -> x.labels().equals(Labels.of("tier", "bulk")));

    assertThat(detections).extracting(Detection::metric).containsExactly("host_cpu");
    assertThat(engine.samples(Mode.RAW)).isEqualTo(12);
    assertThat(engine.samples(Mode.AGGREGATE)).isEqualTo(12);
    assertThat(engine.samples(Mode.LOCAL_ONLY)).isEqualTo(12);
    assertThat(engine.detections(Mode.LOCAL_ONLY)).isEqualTo(1);
    assertThat(engine.aggregatesEmitted()).isEqualTo(10);
  }

  @Test
  void aPointForAClosedWindowIsLateAndNotUploaded() {
    UploadPolicyEngine engine = new UploadPolicyEngine(SITE, outbox);
    engine.accept(policy(1, Mode.AGGREGATE, List.of(), List.of(), Duration.ofSeconds(10)));
    engine.filter(T0.plusSeconds(10), List.of(s("m", T0.plusSeconds(5), 1)), List.of());
    Upload up = engine.filter(T0.plusSeconds(15), List.of(s("m", T0.plusSeconds(9), 2)), List.of());
    assertThat(up.samples()).isEmpty();
    assertThat(engine.aggregateLate()).isEqualTo(1);
  }

  @Test
  void redactedLabelsAreKeyedHashesStableAcrossRestartsAndDistinctPerValue() {
    UploadPolicyEngine engine = new UploadPolicyEngine(SITE, outbox);
    engine.accept(policy(1, Mode.RAW, List.of(), List.of("imsi", "resource"), null));
    Sample a = s("subscriber_throughput", T0, 1, "imsi", "001010123456789", "resource", "ue:edge-1/a", "cell", "c1");
    Sample b = s("subscriber_throughput", T0, 2, "imsi", "001010123456780", "resource", "ue:edge-1/b", "cell", "c1");
    Upload up = engine.filter(T0, List.of(a, b), List.of(firing(a)));

    Sample ra = up.samples().get(0);
    Sample rb = up.samples().get(1);
    assertThat(ra.labels().get("imsi")).matches("h_[0-9a-f]{16}").isNotEqualTo(rb.labels().get("imsi"));
    assertThat(ra.labels().get("cell")).isEqualTo("c1");
    assertThat(ra.seriesId()).isNotEqualTo(rb.seriesId()).isNotEqualTo(a.seriesId());
    assertThat(up.samples()).noneMatch(x -> x.labels().containsValue("001010123456789"));
    Detection d = up.detections().get(0);
    assertThat(d.id()).isEqualTo(firing(a).id());
    assertThat(d.labels()).isEqualTo(ra.labels());
    assertThat(d.resource()).isEqualTo(ra.labels().get("resource"));
    assertThat(d.seriesId()).isEqualTo(ra.seriesId());
    assertThat(engine.labelsRedacted()).isEqualTo(6);

    outbox.close();
    outbox = new Outbox(OutboxConfig.defaults(dir.resolve("outbox.db")), clock);
    UploadPolicyEngine restarted = new UploadPolicyEngine(SITE, outbox);
    assertThat(restarted.filter(T0, List.of(a), List.of()).samples()).containsExactly(ra);

    // Another site's key gives other tokens: the key is the site's secret, not a constant.
    Outbox other = new Outbox(OutboxConfig.defaults(dir.resolve("other.db")), clock);
    try {
      UploadPolicyEngine elsewhere = new UploadPolicyEngine(SITE, other);
      elsewhere.accept(policy(1, Mode.RAW, List.of(), List.of("imsi", "resource"), null));
      assertThat(elsewhere.filter(T0, List.of(a), List.of()).samples().get(0).labels().get("imsi"))
          .isNotEqualTo(ra.labels().get("imsi"));
    } finally {
      other.close();
    }
  }

  @Test
  void onlyANewerPolicyForThisSiteReplacesTheCurrentOneAndItSurvivesARestart() {
    UploadPolicyEngine engine = new UploadPolicyEngine(SITE, outbox);
    assertThat(engine.accept(policy(3, Mode.LOCAL_ONLY, List.of(), List.of(), null)))
        .isEqualTo(UploadPolicyEngine.Outcome.ACCEPTED);
    assertThat(engine.accept(policy(2, Mode.RAW, List.of(), List.of(), null)))
        .isEqualTo(UploadPolicyEngine.Outcome.STALE);
    assertThat(engine.accept(policy(3, Mode.RAW, List.of(), List.of(), null)))
        .isEqualTo(UploadPolicyEngine.Outcome.STALE);
    assertThat(engine.accept(new UploadPolicy(null, "edge-2", T0, 9, Mode.RAW, null, null, null)))
        .isEqualTo(UploadPolicyEngine.Outcome.OTHER_SITE);
    assertThat(engine.current().orElseThrow().version()).isEqualTo(3);
    assertThat(engine.filter(T0, List.of(s("m", T0, 1)), List.of()).samples()).isEmpty();
    assertThat(engine.policies(UploadPolicyEngine.Outcome.STALE)).isEqualTo(2);

    // The process restarts while cut off from the centre: the saved policy applies at once.
    outbox.close();
    outbox = new Outbox(OutboxConfig.defaults(dir.resolve("outbox.db")), clock);
    UploadPolicyEngine restarted = new UploadPolicyEngine(SITE, outbox);
    assertThat(restarted.current().orElseThrow().version()).isEqualTo(3);
    assertThat(restarted.filter(T0, List.of(s("m", T0, 1)), List.of()).samples()).isEmpty();
    assertThat(restarted.accept(policy(2, Mode.RAW, List.of(), List.of(), null)))
        .isEqualTo(UploadPolicyEngine.Outcome.STALE);
    assertThat(restarted.accept(policy(4, Mode.RAW, List.of(), List.of(), null)))
        .isEqualTo(UploadPolicyEngine.Outcome.ACCEPTED);
  }

  @Test
  void theHeartbeatGoesUpRawWhateverThePolicyKeepsLocal() {
    UploadPolicyEngine engine = new UploadPolicyEngine(SITE, outbox);
    engine.accept(policy(1, Mode.LOCAL_ONLY, List.of(new Rule("sextant_*", Map.of(), Mode.AGGREGATE)), List.of(),
        Duration.ofMinutes(1)));
    Sample beat = Heartbeat.sample(SITE, T0);
    assertThat(engine.filter(T0, List.of(s("m", T0, 1), beat), List.of()).samples()).containsExactly(beat);
  }

  @Test
  void anUnreadableSavedPolicyIsIgnoredAndEverythingGoesUpRaw() {
    outbox.save(UploadPolicyEngine.STATE_POLICY, "{not json".getBytes(StandardCharsets.UTF_8));
    UploadPolicyEngine engine = new UploadPolicyEngine(SITE, outbox);
    assertThat(engine.current()).isEmpty();
    assertThat(engine.filter(T0, List.of(s("m", T0, 1)), List.of()).samples()).hasSize(1);
  }

  @Test
  void globsMatchWholeNamesWithStarsOnly() {
    assertThat(PolicyMatcher.glob("host_*").matcher("host_cpu").matches()).isTrue();
    assertThat(PolicyMatcher.glob("host_*").matcher("xhost_cpu").matches()).isFalse();
    assertThat(PolicyMatcher.glob("*:rate").matcher("a.b:rate").matches()).isTrue();
    assertThat(PolicyMatcher.glob("a.b").matcher("axb").matches()).isFalse();
    assertThat(WindowAggregator.suffix(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(WindowAggregator.suffix(Duration.ofMinutes(5))).isEqualTo("5m");
    assertThat(WindowAggregator.suffix(Duration.ofHours(2))).isEqualTo("2h");
  }
}
