package io.sextant.alarm;

import static io.sextant.alarm.Timeline.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.sextant.alarm.AlarmNote.Kind;
import io.sextant.alarm.lifecycle.IllegalTransitionException;
import io.sextant.alarm.raise.AlarmCatalog;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Alarm.AckState;
import io.sextant.common.model.Alarm.State;
import io.sextant.common.model.Detection;
import io.sextant.common.time.MutableClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Operator actions on alarms, the errors they give, and what a failing listener leaves behind. */
class AlarmEngineOperatorTest {
  static final String PATH = "path:edge-1>edge-2";
  static final String LOSS = "probe_loss_ratio";

  final Timeline tl = new Timeline();

  String raised() {
    tl.fire(10, LOSS, PATH);
    return tl.alarm(PATH, "transmissionError", 10).id();
  }

  @Test
  void anOperatorGroupsAndUngroupsAlarmsWithNotes() {
    String parent = raised();
    tl.fire(20, LOSS, "path:edge-1>edge-3");
    tl.fire(25, "probe_rtt_ms", "path:edge-1>edge-3");
    String a = tl.alarm("path:edge-1>edge-3", "transmissionError", 20).id();
    String b = tl.alarm("path:edge-1>edge-3", "performanceDegraded", 25).id();

    tl.at(30).engine.group(parent, List.of(a, b), "noc-anna");

    assertThat(tl.engine.get(parent).orElseThrow().correlatedAlarmIds()).containsExactly(a, b);
    assertThat(List.of(a, b)).allSatisfy(id -> assertThat(tl.engine.get(id).orElseThrow().parentAlarmId())
        .isEqualTo(parent));
    assertThat(tl.engine.notes(a)).singleElement().satisfies(n -> {
      assertThat(n.kind()).isEqualTo(AlarmNote.Kind.GROUPED);
      assertThat(n.author()).isEqualTo("noc-anna");
      assertThat(n.time()).isEqualTo(t(30));
    });

    tl.at(40).engine.ungroup(parent, List.of(a), "noc-bob");

    assertThat(tl.engine.get(parent).orElseThrow().correlatedAlarmIds()).containsExactly(b);
    assertThat(tl.engine.get(a).orElseThrow().parentAlarmId()).isNull();
    assertThat(tl.engine.notes(a)).last().extracting(AlarmNote::kind).isEqualTo(AlarmNote.Kind.UNGROUPED);
  }

  @Test
  void groupingThatWouldMakeACycleOrTouchesAClearedAlarmChangesNothing() {
    String parent = raised();
    tl.fire(20, LOSS, "path:edge-1>edge-3");
    String child = tl.alarm("path:edge-1>edge-3", "transmissionError", 20).id();
    tl.at(30).engine.group(parent, List.of(child), "noc-anna");
    int before = tl.changes.size();

    assertThatThrownBy(() -> tl.engine.group(child, List.of(parent), "noc-anna"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cycle");
    assertThatThrownBy(() -> tl.engine.ungroup(child, List.of(parent), "noc-anna"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not grouped under");
    tl.at(40).engine.clear(child, "noc-anna");
    before = tl.changes.size();
    assertThatThrownBy(() -> tl.engine.ungroup(parent, List.of(child), "noc-anna"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("cleared");
    assertThat(tl.changes).hasSize(before);
  }

  @Test
  void acknowledgeUnacknowledgeCommentAndClear() {
    String id = raised();

    Alarm acked = tl.at(20).engine.acknowledge(id, "alice");
    assertThat(acked.ackState()).isEqualTo(AckState.ACKNOWLEDGED);
    assertThat(acked.state()).isEqualTo(State.RAISED);
    assertThat(acked.time()).isEqualTo(t(20));

    Alarm unacked = tl.at(30).engine.unacknowledge(id, "alice");
    assertThat(unacked.ackState()).isEqualTo(AckState.UNACKNOWLEDGED);

    int before = tl.changes.size();
    AlarmNote note = tl.at(35).engine.comment(id, "bob", "carrier ticket 4711 opened");
    assertThat(note).isEqualTo(new AlarmNote(id, t(35), "bob", Kind.COMMENT, "carrier ticket 4711 opened"));
    assertThat(tl.changes).hasSize(before);

    Alarm cleared = tl.at(40).engine.clear(id, "bob");
    assertThat(cleared.state()).isEqualTo(State.CLEARED);
    assertThat(cleared.clearedTime()).isEqualTo(t(40));
    assertThat(tl.engine.open()).isEmpty();

    assertThat(tl.changesOf(id)).extracting(Alarm::state, Alarm::ackState).containsExactly(
        tuple(State.RAISED, AckState.UNACKNOWLEDGED),
        tuple(State.RAISED, AckState.ACKNOWLEDGED),
        tuple(State.RAISED, AckState.UNACKNOWLEDGED),
        tuple(State.CLEARED, AckState.UNACKNOWLEDGED));
    assertThat(tl.engine.notes(id)).extracting(AlarmNote::kind, AlarmNote::author).containsExactly(
        tuple(Kind.ACKNOWLEDGED, "alice"),
        tuple(Kind.UNACKNOWLEDGED, "alice"),
        tuple(Kind.COMMENT, "bob"),
        tuple(Kind.CLEARED, "bob"));
  }

  @Test
  void anOperatorClearOutranksFiringSeries() {
    String id = raised();
    tl.at(20).engine.clear(id, "alice");
    int before = tl.changes.size();

    tl.resolve(30, LOSS, PATH);
    assertThat(tl.changes).hasSize(before);

    tl.fire(40, LOSS, PATH);
    Alarm again = tl.alarm(PATH, "transmissionError", 40);
    assertThat(again.id()).isNotEqualTo(id);
    assertThat(again.state()).isEqualTo(State.RAISED);
  }

  @Test
  void commentsAreAllowedOnClearedAlarms() {
    String id = raised();
    tl.resolve(20, LOSS, PATH);

    tl.at(30).engine.comment(id, "bob", "post-mortem: fibre cut");

    assertThat(tl.engine.notes(id)).extracting(AlarmNote::text).containsExactly("post-mortem: fibre cut");
  }

  @Test
  void unknownIdsAreRejected() {
    assertThatThrownBy(() -> tl.engine.acknowledge("alm-nope", "alice"))
        .isInstanceOf(UnknownAlarmException.class).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no alarm with id 'alm-nope'");
    assertThatThrownBy(() -> tl.engine.clear("alm-nope", "alice")).isInstanceOf(UnknownAlarmException.class);
    assertThatThrownBy(() -> tl.engine.comment("alm-nope", "alice", "x")).isInstanceOf(UnknownAlarmException.class);
    assertThatThrownBy(() -> tl.engine.notes("alm-nope")).isInstanceOf(UnknownAlarmException.class);
    assertThat(tl.engine.get("alm-nope")).isEmpty();
    assertThat(tl.changes).isEmpty();
  }

  @Test
  void movesTheLifecycleForbidsAreRejectedWithoutAChange() {
    String id = raised();
    tl.at(20).engine.acknowledge(id, "alice");
    assertThatThrownBy(() -> tl.engine.acknowledge(id, "alice"))
        .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("already acknowledged");
    tl.engine.clear(id, "alice");
    int before = tl.changes.size();

    assertThatThrownBy(() -> tl.engine.clear(id, "alice"))
        .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("is cleared");
    assertThatThrownBy(() -> tl.engine.unacknowledge(id, "alice")).isInstanceOf(IllegalTransitionException.class);
    assertThat(tl.changes).hasSize(before);
  }

  @Test
  void blankAuthorsAndTextsAreRejected() {
    String id = raised();

    assertThatThrownBy(() -> tl.engine.acknowledge(id, " ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("by must not be blank");
    assertThatThrownBy(() -> tl.engine.comment(id, "bob", "")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("text must not be blank");
    assertThat(tl.engine.get(id).orElseThrow().ackState()).isEqualTo(AckState.UNACKNOWLEDGED);
  }

  @Test
  void aFailingListenerLeavesTheEngineAsItWasAndARedeliveryAppliesOnce() {
    List<Alarm> stored = new ArrayList<>();
    boolean[] storeDown = {true};
    AlarmEngine engine = new AlarmEngine(new MutableClock(t(0)), a -> {
      if (storeDown[0]) {
        throw new IllegalStateException("store unreachable");
      }
      stored.add(a);
    }, AlarmCatalog.defaults());
    Detection firing = Timeline.detection(10, Detection.State.FIRING, LOSS, PATH, "p1");

    assertThatThrownBy(() -> engine.onDetection(firing)).hasMessage("store unreachable");
    assertThat(engine.all()).isEmpty();

    storeDown[0] = false;
    engine.onDetection(firing);
    engine.onDetection(firing);

    assertThat(stored).hasSize(1);
    assertThat(engine.open()).singleElement().satisfies(a -> assertThat(a.count()).isEqualTo(1));
  }

  @Test
  void onlyTheNewestClearedAlarmsStayInMemory() {
    MutableClock clock = new MutableClock(t(0));
    AlarmEngine engine = new AlarmEngine(clock, a -> { }, AlarmCatalog.defaults(), io.sextant.alarm.correlate.WindowGrouping.OFF, 2);
    for (int i = 0; i < 4; i++) {
      engine.onDetection(Timeline.detection(10 * i + 1, Detection.State.FIRING, LOSS, PATH, "p1"));
      engine.onDetection(Timeline.detection(10 * i + 5, Detection.State.RESOLVED, LOSS, PATH, "p1"));
    }
    engine.onDetection(Timeline.detection(50, Detection.State.FIRING, LOSS, PATH, "p1"));

    assertThat(engine.all()).extracting(Alarm::raisedTime).containsExactly(t(21), t(31), t(50));
  }
}
