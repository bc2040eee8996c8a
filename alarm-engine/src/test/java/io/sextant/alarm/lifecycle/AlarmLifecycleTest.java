package io.sextant.alarm.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.alarm.lifecycle.AlarmLifecycle.Operation;
import io.sextant.alarm.lifecycle.AlarmLifecycle.Step;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Alarm.AckState;
import io.sextant.common.model.Alarm.State;
import io.sextant.common.model.EventType;
import io.sextant.common.model.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlarmLifecycleTest {

  static Alarm alarm(State state, AckState ack) {
    return new Alarm("alm-1", "central", Instant.EPOCH, "path:a>b", "transmissionError", "loss",
        EventType.COMMUNICATIONS_ALARM, Severity.MAJOR, state, ack, false, null, List.of(), Instant.EPOCH,
        state == State.CLEARED ? Instant.EPOCH : null, 1, "ewma", Map.of());
  }

  @ParameterizedTest(name = "{0}: {1}/{2} --{3}--> {4}/{5}")
  @CsvSource({
      "repeat updates,               RAISED,  UNACKNOWLEDGED, REPEAT,        UPDATED, UNACKNOWLEDGED",
      "repeat keeps the ack,         UPDATED, ACKNOWLEDGED,   REPEAT,        UPDATED, ACKNOWLEDGED",
      "grouping keeps raised,        RAISED,  UNACKNOWLEDGED, CORRELATE,     RAISED,  UNACKNOWLEDGED",
      "grouping keeps updated,       UPDATED, ACKNOWLEDGED,   CORRELATE,     UPDATED, ACKNOWLEDGED",
      "ack keeps the state,          UPDATED, UNACKNOWLEDGED, ACKNOWLEDGE,   UPDATED, ACKNOWLEDGED",
      "unack keeps the state,        RAISED,  ACKNOWLEDGED,   UNACKNOWLEDGE, RAISED,  UNACKNOWLEDGED",
      "clear a raised alarm,         RAISED,  UNACKNOWLEDGED, CLEAR,         CLEARED, UNACKNOWLEDGED",
      "clear an acknowledged alarm,  UPDATED, ACKNOWLEDGED,   CLEAR,         CLEARED, ACKNOWLEDGED",
  })
  void legalMoves(String name, State from, AckState ack, Operation op, State to, AckState ackTo) {
    assertThat(AlarmLifecycle.next(alarm(from, ack), op)).isEqualTo(new Step(to, ackTo));
  }

  @ParameterizedTest(name = "{0}: {1}/{2} --{3}--> refused")
  @CsvSource({
      "cleared is final (repeat),    CLEARED, UNACKNOWLEDGED, REPEAT,        is cleared",
      "cleared is final (group),     CLEARED, UNACKNOWLEDGED, CORRELATE,     is cleared",
      "cleared is final (ack),       CLEARED, UNACKNOWLEDGED, ACKNOWLEDGE,   is cleared",
      "cleared is final (unack),     CLEARED, ACKNOWLEDGED,   UNACKNOWLEDGE, is cleared",
      "cleared is final (clear),     CLEARED, ACKNOWLEDGED,   CLEAR,         is cleared",
      "ack twice,                    RAISED,  ACKNOWLEDGED,   ACKNOWLEDGE,   already acknowledged",
      "unack an unacked alarm,       UPDATED, UNACKNOWLEDGED, UNACKNOWLEDGE, is not acknowledged",
  })
  void illegalMoves(String name, State from, AckState ack, Operation op, String reason) {
    assertThatThrownBy(() -> AlarmLifecycle.next(alarm(from, ack), op))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessageStartingWith("alarm alm-1 ")
        .hasMessageContaining(reason);
  }
}
