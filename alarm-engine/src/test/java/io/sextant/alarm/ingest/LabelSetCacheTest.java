package io.sextant.alarm.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.alarm.AlarmEngine;
import io.sextant.alarm.raise.AlarmCatalog;
import io.sextant.common.model.Alarm;
import io.sextant.common.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The decoder's cache of posted label sets and annotations, through the decoder and the intake. */
class LabelSetCacheTest {
  static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

  final MutableClock clock = new MutableClock(T0.plusSeconds(60));
  final List<Alarm> changes = new ArrayList<>();
  final AlarmEngine engine = new AlarmEngine(clock, changes::add, AlarmCatalog.defaults());
  final AlertIntake intake = new AlertIntake(engine);

  static byte[] body(String... alerts) {
    return ("[" + String.join(",", alerts) + "]").getBytes(StandardCharsets.UTF_8);
  }

  static String alert(String labels, String endsAt) {
    return "{\"labels\":{" + labels + "},\"annotations\":{\"summary\":\"disk full\"},\"startsAt\":"
        + "\"2025-03-01T12:00:10Z\",\"endsAt\":\"" + endsAt + "\"}";
  }

  static final String DISK = "\"alertname\":\"DiskFull\",\"instance\":\"node-1\",\"severity\":\"critical\"";

  @Test
  void aLabelSetsLastAlertIsReusedOnlyWhereTheResendRepeatsItByteForByte() throws Exception {
    AlertDecoder decoder = new AlertDecoder();
    String first = "{\"labels\":{" + DISK + "},\"annotations\":{\"summary\":\"disk full\"},"
        + "\"startsAt\":\"2025-03-01T12:00:10Z\",\"endsAt\":\"\",\"generatorURL\":\"http://prom/g?a\"}";
    String changed = "{\"labels\":{" + DISK + "},\"annotations\":{\"summary\":\"disk fuller\"},"
        + "\"startsAt\":\"2025-03-01T12:00:20Z\",\"endsAt\":\"\",\"generatorURL\":\"http://prom/g?b\"}";
    PostedAlert a = decoder.decode(body(first)).get(0);
    PostedAlert resent = decoder.decode(body(first)).get(0);
    PostedAlert b = decoder.decode(body(changed)).get(0);
    PostedAlert c = decoder.decode(body(first)).get(0);

    assertThat(resent.annotations()).isSameAs(a.annotations());
    assertThat(resent.startsAt()).isSameAs(a.startsAt());
    assertThat(resent.generatorURL()).isSameAs(a.generatorURL());
    assertThat(b.labels()).isSameAs(a.labels());
    assertThat(b.annotations().annotations()).containsEntry("summary", "disk fuller");
    assertThat(b.startsAt()).isEqualTo("2025-03-01T12:00:20Z");
    assertThat(b.generatorURL()).isEqualTo("http://prom/g?b");
    assertThat(c.annotations().annotations()).containsEntry("summary", "disk full");
    assertThat(c.startsAt()).isEqualTo("2025-03-01T12:00:10Z");
    assertThat(c.generatorURL()).isEqualTo("http://prom/g?a");
    assertThat(decoder.annotationStats().hits()).as("every repeat counted as a hit").isEqualTo(2);
    // The parser's reading of the same bytes, the fast path's reference.
    for (String alert : List.of(first, changed)) {
      PostedAlert parsed = decoder.parsed(body(alert)).get(0);
      PostedAlert fast = decoder.decode(body(alert)).get(0);
      assertThat(fast.annotations().annotations()).isEqualTo(parsed.annotations().annotations());
      assertThat(fast.startsAt()).isEqualTo(parsed.startsAt());
      assertThat(fast.generatorURL()).isEqualTo(parsed.generatorURL());
    }
  }

  @Test
  void aResendTakesTheKeptLabelSetAndAnnotations() throws Exception {
    AlertDecoder decoder = new AlertDecoder();
    PostedAlert first = decoder.decode(body(alert(DISK, "2025-03-01T12:05:00Z"))).get(0);
    // Same labels and annotations bytes, at another offset, with another endsAt.
    List<PostedAlert> again = decoder.decode(body(alert("\"alertname\":\"Other\"", "2025-03-01T12:06:00Z"),
        alert(DISK, "2025-03-01T12:09:00Z")));

    assertThat(again.get(1).labels()).isSameAs(first.labels());
    assertThat(again.get(1).annotations()).isSameAs(first.annotations());
    assertThat(again.get(1).endsAt()).isEqualTo("2025-03-01T12:09:00Z");
    assertThat(again.get(0).labels().alertname).isEqualTo("Other");
    assertThat(first.labels().labels).containsExactly(java.util.Map.entry("alertname", "DiskFull"),
        java.util.Map.entry("instance", "node-1"), java.util.Map.entry("severity", "critical"));
    assertThat(first.labels().alarmKey).isEqualTo(AlertIntake.alarmKey(first.labels().labels));
    assertThat(decoder.labelStats().hits()).isEqualTo(1);
    assertThat(decoder.labelStats().misses()).isEqualTo(2);
    assertThat(decoder.annotationStats().hits()).isEqualTo(2);

    // "Other" was read by the parser alone, within the body (offsets from its alert): kept too.
    assertThat(decoder.decode(body(alert("\"alertname\":\"Other\"", ""))).get(0).labels())
        .isSameAs(again.get(0).labels());
  }

  @Test
  void oneByteOfDifferenceIsAnotherLabelSet() throws Exception {
    AlertDecoder decoder = new AlertDecoder();
    PostedAlert a = decoder.decode(body(alert(DISK, ""))).get(0);
    PostedAlert b = decoder.decode(body(alert(DISK.replace("node-1", "node-2"), ""))).get(0);
    assertThat(b.labels()).isNotSameAs(a.labels());
    assertThat(b.labels().resource).isEqualTo("node-2");
    assertThat(b.labels().fingerprint).isNotEqualTo(a.labels().fingerprint);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"alertname\":\"A\",\"bad-name\":\"x\"|invalid_label_name",
      "\"alertname\":\"A\",\"n\":1|invalid_labels", "\"instance\":\"x\"|missing_alertname",
      "\"alertname\":\" \"|missing_alertname", "|missing_labels"})
  void badLabelsAreRejectedForTheSameReasonEveryTime(String labelsAndReason) {
    String[] parts = labelsAndReason.split("\\|");
    byte[] bad = body(alert(parts[0], ""), alert(DISK, ""));
    IntakeResult first = intake.post(bad);
    IntakeResult second = intake.post(bad);

    assertThat(first.rejected()).singleElement().satisfies(r -> assertThat(r.reason()).isEqualTo(parts[1]));
    assertThat(second.rejected()).isEqualTo(first.rejected());
    assertThat(second.accepted()).isEqualTo(1);
    assertThat(intake.counters().rejected(parts[1])).isEqualTo(2);
  }

  @Test
  void resentAlertsFeedTheEngineAndTheReadApiAsBefore() {
    intake.post(body(alert(DISK, "2025-03-01T12:05:00Z")));
    clock.advance(java.time.Duration.ofSeconds(30));
    intake.post(body(alert(DISK, "2025-03-01T12:06:00Z")));

    assertThat(changes).hasSize(1);
    assertThat(engine.open()).singleElement().satisfies(a -> {
      assertThat(a.resource()).isEqualTo("node-1");
      assertThat(a.specificProblem()).isEqualTo("DiskFull: disk full");
    });
    assertThat(intake.posted().all()).singleElement().satisfies(p -> {
      assertThat(p.endsAt()).isEqualTo(Instant.parse("2025-03-01T12:06:00Z"));
      assertThat(p.alarmKey()).isEqualTo("node-1|DiskFull");
      assertThat(p.fingerprint()).isEqualTo(io.sextant.alarm.compat.Fingerprint.of(p.labels()));
    });

    // Resolved: the same labels bytes, a past endsAt: a new detection id, the alarm clears.
    intake.post(body(alert(DISK, "2025-03-01T12:00:50Z")));
    assertThat(engine.open()).isEmpty();
  }

  @Test
  void aLabelSetExplosionStaysInTheBudget() throws Exception {
    AlertDecoder decoder = new AlertDecoder(8, 4096, 1 << 20);
    for (int i = 0; i < 1000; i++) {
      decoder.decode(body(alert("\"alertname\":\"A\",\"instance\":\"node-" + i + "\"", "")));
    }
    assertThat(decoder.labelStats().entries()).isLessThanOrEqualTo(8);
    assertThat(decoder.labelStats().evictions()).isGreaterThan(900);
  }
}
