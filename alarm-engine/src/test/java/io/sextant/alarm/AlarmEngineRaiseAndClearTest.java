package io.sextant.alarm;

import static io.sextant.alarm.Timeline.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.alarm.raise.AlarmCatalog;
import io.sextant.alarm.raise.AlarmSpec;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Alarm.AckState;
import io.sextant.common.model.Alarm.State;
import io.sextant.common.model.Detection;
import io.sextant.common.model.EventType;
import io.sextant.common.model.FaultKind;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Severity;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Timelines of raise, dedup and clear driven by detections alone. */
class AlarmEngineRaiseAndClearTest {
  static final String PATH = "path:edge-1>edge-2";
  static final String LOSS = "probe_loss_ratio";

  final Timeline tl = new Timeline();

  @Test
  void firingRaisesOneAlarmWithX733FieldsAndProvenance() {
    tl.fire(10, LOSS, PATH);

    Alarm alarm = tl.alarm(PATH, "transmissionError", 10);
    assertThat(alarm.id()).isEqualTo(Alarm.idFor(PATH, "transmissionError", t(10)));
    assertThat(alarm.state()).isEqualTo(State.RAISED);
    assertThat(alarm.ackState()).isEqualTo(AckState.UNACKNOWLEDGED);
    assertThat(alarm.eventType()).isEqualTo(EventType.COMMUNICATIONS_ALARM);
    assertThat(alarm.perceivedSeverity()).isEqualTo(Severity.MAJOR);
    assertThat(alarm.specificProblem()).isEqualTo("probe packet loss: probe_loss_ratio=0.12, expected 0.001, score 8.5");
    assertThat(alarm.raisedTime()).isEqualTo(t(10));
    assertThat(alarm.time()).isEqualTo(t(10));
    assertThat(alarm.site()).isEqualTo("edge-1");
    assertThat(alarm.count()).isEqualTo(1);
    assertThat(alarm.source()).isEqualTo("ewma");
    assertThat(alarm.labels()).isEqualTo(Labels.of("resource", PATH, "probe", "p1"));
    assertThat(alarm.rootCause()).isFalse();
    assertThat(alarm.parentAlarmId()).isNull();
    assertThat(tl.changes).containsExactly(alarm);
    assertThat(tl.engine.open()).containsExactly(alarm);
  }

  @Test
  void repeatsUpdateTheOpenAlarmInsteadOfRaisingAnother() {
    tl.fire(10, LOSS, PATH);
    tl.fire(20, LOSS, PATH);
    tl.fire(30, LOSS, PATH, "p2");

    assertThat(tl.engine.all()).hasSize(1);
    Alarm alarm = tl.alarm(PATH, "transmissionError", 10);
    assertThat(alarm.state()).isEqualTo(State.UPDATED);
    assertThat(alarm.count()).isEqualTo(3);
    assertThat(alarm.time()).isEqualTo(t(30));
    assertThat(alarm.raisedTime()).isEqualTo(t(10));
    assertThat(tl.changes).extracting(Alarm::count).containsExactly(1, 2, 3);
    assertThat(tl.changes).extracting(Alarm::id).containsOnly(alarm.id());
  }

  @Test
  void aRedeliveredDetectionIsNotCountedTwice() {
    Detection first = tl.fire(10, LOSS, PATH);
    tl.at(15).engine.onDetection(first);

    assertThat(tl.alarm(PATH, "transmissionError", 10).count()).isEqualTo(1);
    assertThat(tl.changes).hasSize(1);
  }

  @Test
  void severityRisesWithAWorseRepeatAndNeverFalls() {
    AlarmSpec minor = new AlarmSpec(EventType.QUALITY_OF_SERVICE_ALARM, "thresholdCrossed", Severity.MINOR, "low");
    AlarmSpec critical = new AlarmSpec(EventType.QUALITY_OF_SERVICE_ALARM, "thresholdCrossed", Severity.CRITICAL, "hi");
    AlarmCatalog defaults = AlarmCatalog.defaults();
    Map<FaultKind, AlarmSpec> faults = new java.util.EnumMap<>(FaultKind.class); // a catalog covers every kind
    for (FaultKind k : FaultKind.values()) {
      faults.put(k, defaults.forFault(k));
    }
    Timeline custom = new Timeline(AlarmCatalog.byMetric(Map.of("queue_warn", minor, "queue_crit", critical), faults, minor));

    custom.fire(10, "queue_warn", "service:edge-1/web");
    custom.fire(20, "queue_crit", "service:edge-1/web");
    custom.fire(30, "queue_warn", "service:edge-1/web", "p2");

    assertThat(custom.changes).extracting(Alarm::perceivedSeverity)
        .containsExactly(Severity.MINOR, Severity.CRITICAL, Severity.CRITICAL);
  }

  @Test
  void resolveClearsTheAlarmAtTheResolveTime() {
    tl.fire(10, LOSS, PATH);
    tl.resolve(40, LOSS, PATH);

    Alarm alarm = tl.alarm(PATH, "transmissionError", 10);
    assertThat(alarm.state()).isEqualTo(State.CLEARED);
    assertThat(alarm.clearedTime()).isEqualTo(t(40));
    assertThat(alarm.perceivedSeverity()).isEqualTo(Severity.CLEARED);
    assertThat(tl.engine.open()).isEmpty();
    assertThat(tl.engine.all()).containsExactly(alarm);
    assertThat(tl.changes).hasSize(2);
  }

  @Test
  void twoSeriesIntoOneKeyClearOnlyWhenBothResolved() {
    tl.fire(10, LOSS, PATH, "p1");
    tl.fire(20, LOSS, PATH, "p2");
    tl.resolve(30, LOSS, PATH, "p1");

    Alarm atThirty = tl.alarm(PATH, "transmissionError", 10);
    assertThat(atThirty.cleared()).isFalse();
    assertThat(tl.changes).hasSize(2);

    tl.resolve(40, LOSS, PATH, "p2");

    Alarm atForty = tl.alarm(PATH, "transmissionError", 10);
    assertThat(atForty.state()).isEqualTo(State.CLEARED);
    assertThat(atForty.clearedTime()).isEqualTo(t(40));
    assertThat(tl.changes).hasSize(3);
  }

  @Test
  void aResolveFromASeriesThatNeverFiredChangesNothing() {
    tl.fire(10, LOSS, PATH, "p1");
    tl.resolve(20, LOSS, PATH, "p9");
    tl.resolve(25, "probe_rtt_ms", PATH, "p1");

    assertThat(tl.alarm(PATH, "transmissionError", 10).cleared()).isFalse();
    assertThat(tl.changes).hasSize(1);
  }

  @Test
  void firingAfterAClearRaisesANewAlarmWithANewId() {
    tl.fire(10, LOSS, PATH);
    tl.resolve(20, LOSS, PATH);
    tl.fire(30, LOSS, PATH);

    Alarm first = tl.alarm(PATH, "transmissionError", 10);
    Alarm second = tl.alarm(PATH, "transmissionError", 30);
    assertThat(second.id()).isNotEqualTo(first.id());
    assertThat(first.cleared()).isTrue();
    assertThat(second.state()).isEqualTo(State.RAISED);
    assertThat(second.count()).isEqualTo(1);
    assertThat(tl.engine.open()).containsExactly(second);
  }

  @Test
  void aLateFiringFromTheClearedEpisodeDoesNotReRaise() {
    tl.fire(10, LOSS, PATH, "p1");
    tl.resolve(20, LOSS, PATH, "p1");
    // Stamped before the clear, delivered after it (an edge catching up after a partition).
    tl.at(25).engine.onDetection(Timeline.detection(15, Detection.State.FIRING, LOSS, PATH, "p2"));

    assertThat(tl.engine.open()).isEmpty();
    assertThat(tl.engine.all()).hasSize(1);
  }

  @Test
  void aKpiWithoutResourceLabelIsAlarmedOnItsSite() {
    tl.at(10).engine.onDetection(new Detection(null, "edge-3", t(10), "ewma", "odd_metric", Map.of(), "",
        Detection.State.FIRING, 5, 1, 4));

    Alarm alarm = tl.alarm("site:edge-3", "thresholdCrossed", 10);
    assertThat(alarm.eventType()).isEqualTo(EventType.QUALITY_OF_SERVICE_ALARM);
    assertThat(alarm.perceivedSeverity()).isEqualTo(Severity.MINOR);
  }

  @Test
  void keyOfMatchesTheAlarmKey() {
    tl.fire(10, LOSS, PATH);

    assertThat(AlarmEngine.keyOf(PATH, "transmissionError"))
        .isEqualTo(tl.alarm(PATH, "transmissionError", 10).key());
  }
}
