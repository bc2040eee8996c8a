package io.sextant.alarm.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.alarm.AlarmEngine;
import io.sextant.alarm.raise.AlarmCatalog;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Severity;
import io.sextant.common.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertIntakeTest {
  static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

  final MutableClock clock = new MutableClock(T0.plusSeconds(60));
  final List<Alarm> changes = new ArrayList<>();
  final AlarmEngine engine = new AlarmEngine(clock, changes::add, AlarmCatalog.defaults());
  final AlertIntake intake = new AlertIntake(engine);

  IntakeResult post(String json) {
    return intake.post(json.getBytes(StandardCharsets.UTF_8));
  }

  static String alert(String labels, String startsAt, String endsAt) {
    return "{\"labels\":{" + labels + "},\"annotations\":{\"summary\":\"disk full\"},\"startsAt\":\"" + startsAt
        + "\",\"endsAt\":\"" + endsAt + "\",\"generatorURL\":\"http://prom/graph\",\"extra\":1}";
  }

  @Test
  void firingAlertRaisesKeyedByInstanceAndAlertname() {
    IntakeResult result = post("[" + alert("\"alertname\":\"DiskFull\",\"instance\":\"node-1\",\"severity\":\"critical\"",
        "2025-03-01T12:00:10Z", "2025-03-01T12:05:00Z") + "]");

    assertThat(result.ok()).isTrue();
    assertThat(engine.open()).singleElement().satisfies(a -> {
      assertThat(a.resource()).isEqualTo("node-1");
      assertThat(a.probableCause()).isEqualTo("DiskFull");
      assertThat(a.perceivedSeverity()).isEqualTo(Severity.CRITICAL);
      assertThat(a.specificProblem()).isEqualTo("DiskFull: disk full");
      assertThat(a.raisedTime()).isEqualTo(T0.plusSeconds(10));
      assertThat(a.labels()).containsEntry("instance", "node-1");
    });
  }

  @Test
  void resendsAreDedupedAndAResolvedAlertClears() {
    String firing = "[" + alert("\"alertname\":\"DiskFull\",\"instance\":\"node-1\"", "2025-03-01T12:00:10Z",
        "2025-03-01T12:05:00Z") + "]";
    post(firing);
    post(firing);
    post(firing);
    assertThat(changes).hasSize(1);

    post("[" + alert("\"alertname\":\"DiskFull\",\"instance\":\"node-1\"", "2025-03-01T12:00:10Z",
        "2025-03-01T12:00:50Z") + "]");

    assertThat(engine.open()).isEmpty();
    assertThat(changes).hasSize(2).last().satisfies(a -> {
      assertThat(a.cleared()).isTrue();
      assertThat(a.clearedTime()).isEqualTo(T0.plusSeconds(50));
    });
  }

  @Test
  void anAlertThatFiresAgainWithANewStartRaisesANewAlarmAndEachPostsEndCounts() {
    String labels = "\"alertname\":\"DiskFull\",\"instance\":\"node-1\"";
    post("[" + alert(labels, "2025-03-01T12:00:10Z", "2025-03-01T12:05:00Z") + "]");
    // The same start and a later end (a resend), then an end now (resolved): every post's own end.
    post("[" + alert(labels, "2025-03-01T12:00:10Z", "2025-03-01T12:06:00Z") + "]");
    post("[" + alert(labels, "2025-03-01T12:00:10Z", "2025-03-01T12:00:40Z") + "]");
    assertThat(engine.open()).isEmpty();
    // Firing again: a new start is a new alarm, raised at it; the next resend of it is a resend.
    post("[" + alert(labels, "2025-03-01T12:00:55Z", "2025-03-01T12:06:00Z") + "]");
    post("[" + alert(labels, "2025-03-01T12:00:55Z", "2025-03-01T12:07:00Z") + "]");
    assertThat(engine.open()).singleElement().satisfies(a -> assertThat(a.raisedTime()).isEqualTo(T0.plusSeconds(55)));
    assertThat(changes).hasSize(3);
    assertThat(intake.posted().all()).singleElement().satisfies(a -> {
      assertThat(a.startsAt()).isEqualTo(T0.plusSeconds(55));
      assertThat(a.endsAt()).isEqualTo(T0.plusSeconds(420));
    });
  }

  @Test
  void alertsWithoutResourceLabelsStayApartByTheirOtherLabels() {
    post("[" + alert("\"alertname\":\"QueueDeep\",\"queue\":\"a\"", "2025-03-01T12:00:10Z", "") + ","
        + alert("\"alertname\":\"QueueDeep\",\"queue\":\"b\"", "2025-03-01T12:00:10Z", "") + "]");

    assertThat(engine.open()).extracting(Alarm::resource).containsExactly("labels:queue=a", "labels:queue=b");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      no labels            | {"annotations":{}}                                    | missing_labels
      no alertname         | {"labels":{"instance":"x"}}                           | missing_alertname
      label not a string   | {"labels":{"alertname":"A","n":3}}                    | invalid_labels
      bad label name       | {"labels":{"alertname":"A","bad-name":"x"}}           | invalid_label_name
      bad time             | {"labels":{"alertname":"A"},"startsAt":"yesterday"}   | invalid_time
      not an object        | 42                                                    | not_an_object
      an array             | [{"labels":{"alertname":"A"}}]                        | not_an_object
      null labels          | {"labels":null}                                       | missing_labels
      labels an array      | {"labels":["alertname","A"]}                          | invalid_labels
      generator a number   | {"labels":{"alertname":"A"},"generatorURL":7}         | invalid_field
      endsAt an object     | {"labels":{"alertname":"A"},"endsAt":{"t":1}}         | invalid_field
      ends before start    | {"labels":{"alertname":"A"},"startsAt":"2025-03-01T12:00:10Z","endsAt":"2025-03-01T12:00:00Z"} | invalid_time
      annotation a number  | {"labels":{"alertname":"A"},"annotations":{"summary":1}} | invalid_annotations
      """)
  void aBadAlertIsRejectedWithItsReasonAndItsNeighbourIsTaken(String name, String bad, String reason) {
    IntakeResult result = post("[" + bad + "," + alert("\"alertname\":\"Ok\",\"instance\":\"n\"",
        "2025-03-01T12:00:10Z", "") + "]");

    assertThat(result.accepted()).isEqualTo(1);
    assertThat(result.rejected()).singleElement().satisfies(r -> {
      assertThat(r.index()).isZero();
      assertThat(r.reason()).isEqualTo(reason);
    });
    assertThat(intake.counters().rejected(reason)).isEqualTo(1);
    assertThat(engine.open()).extracting(Alarm::probableCause).containsExactly("Ok");
  }

  @Test
  void unknownFieldsOfAnyShapeAreSkippedAndTheAlertTaken() {
    IntakeResult result = post("[{\"status\":{\"state\":\"active\",\"silencedBy\":[\"x\",{\"y\":[1,2]}]},"
        + "\"labels\":{\"alertname\":\"A\",\"instance\":\"n\"},\"fingerprint\":null,\"receivers\":[],"
        + "\"annotations\":{\"summary\":\"s\"},\"startsAt\":\"2025-03-01T12:00:10Z\"}]");

    assertThat(result.ok()).isTrue();
    assertThat(engine.open()).singleElement().satisfies(a -> assertThat(a.specificProblem()).isEqualTo("A: s"));
  }

  @Test
  void tooManyLabelsAndAHugeAnnotationAreRejected() {
    StringBuilder labels = new StringBuilder("\"alertname\":\"A\"");
    for (int i = 0; i < AlertIntake.MAX_LABELS; i++) {
      labels.append(",\"l").append(i).append("\":\"v\"");
    }
    IntakeResult result = post("[{\"labels\":{" + labels + "}},{\"labels\":{\"alertname\":\"B\"},"
        + "\"annotations\":{\"description\":\"" + "y".repeat(AlertIntake.MAX_VALUE_CHARS + 1) + "\"}}]");

    assertThat(result.rejected()).extracting(Rejection::reason).containsExactly("too_many_labels",
        "annotation_too_large");
    assertThat(engine.open()).isEmpty();
  }

  @Test
  void aBodyCutAfterAGoodAlertTakesNothing() {
    IntakeResult result = post("[" + alert("\"alertname\":\"Ok\",\"instance\":\"n\"", "2025-03-01T12:00:10Z", "")
        + ",{\"labels\":");

    assertThat(result.rejected()).singleElement().extracting(Rejection::reason).isEqualTo("invalid_json");
    assertThat(engine.open()).isEmpty();
  }

  @Test
  void aOneMegabyteLabelIsRejectedNamingTheLabel() {
    String huge = "x".repeat(1 << 20);
    IntakeResult result = post("[{\"labels\":{\"alertname\":\"A\",\"big\":\"" + huge + "\"}}]");

    assertThat(result.rejected()).singleElement().satisfies(r -> {
      assertThat(r.reason()).isEqualTo("label_too_large");
      assertThat(r.message()).contains("labels.big", "1048576 characters");
    });
    assertThat(engine.open()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      truncated   | [{"labels":        | invalid_json
      object body | {"labels":{}}      | not_an_array
      """)
  void aBadBodyIsRejectedWhole(String name, String body, String reason) {
    IntakeResult result = post(body);

    assertThat(result.accepted()).isZero();
    assertThat(result.rejected()).singleElement().extracting(Rejection::reason).isEqualTo(reason);
    assertThat(intake.counters().rejected(reason)).isEqualTo(1);
  }
}
