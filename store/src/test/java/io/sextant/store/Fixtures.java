package io.sextant.store;

import io.sextant.common.model.Action;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionKind;
import io.sextant.common.model.ActionState;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.EventType;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import io.sextant.common.model.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Deterministic test data: fixed instants, no wall clock. */
final class Fixtures {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private Fixtures() {}

  static Instant at(int seconds) {
    return T0.plusSeconds(seconds);
  }

  static Sample sample(String resource, int second, double value) {
    return new Sample("edge-1", "cpu_util", Labels.of("resource", resource, "host", "h1"), at(second), value);
  }

  /** {@code series} series of the metric {@code cpu_util}, {@code points} points each, 10 s apart. */
  static List<Sample> grid(int series, int points) {
    List<Sample> out = new ArrayList<>();
    for (int s = 0; s < series; s++) {
      for (int p = 0; p < points; p++) {
        out.add(sample("node:edge-1/n" + s, p * 10, s * 100 + p));
      }
    }
    return out;
  }

  static Alarm alarm(int second, Alarm.State state, Severity severity, Alarm.AckState ack, int count) {
    Instant raised = at(0);
    return new Alarm(Alarm.idFor("link:edge-1~edge-2", "packet loss", raised), "central", at(second),
        "link:edge-1~edge-2", "packet loss", "loss 12% over 1 min", EventType.COMMUNICATIONS_ALARM, severity,
        state, ack, true, null, List.of("alm-child-1"), raised,
        state == Alarm.State.CLEARED ? at(second) : null, count, "detector:loss-threshold",
        Map.of("link", "edge-1~edge-2"));
  }

  static Action action() {
    return new Action(null, "central", at(30), ActionKind.REROUTE, "link:edge-1~edge-2",
        Map.of("avoid", "edge-1~edge-2"), "reroute-lossy-link", "dia-1", null);
  }

  static ActionEvent step(Action action, ActionState state, int second) {
    return new ActionEvent(null, "central", at(second), action, state, state.name().toLowerCase());
  }
}
