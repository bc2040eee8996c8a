package io.sextant.alarm;

import static io.sextant.alarm.Timeline.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.model.Alarm;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Severity;
import org.junit.jupiter.api.Test;

/**
 * Timelines of alarms fed by static thresholds, whose detections carry their level: the alarm
 * follows the level up and down, and a threshold and a learned baseline on the same series are
 * two inputs of one alarm, each ending only what it started.
 */
class AlarmEngineThresholdTest {
  static final String PATH = "path:edge-1>edge-2";
  static final String LOSS = "probe_loss_ratio";
  static final String CAUSE = "transmissionError";

  final Timeline tl = new Timeline();

  Detection threshold(int s, Detection.State state, Severity level, double observed, double crossed) {
    Detection d = new Detection(null, "edge-1", t(s), "threshold:lossy-links", LOSS, Labels.of("resource", PATH),
        PATH, state, observed, crossed, 1, level);
    tl.at(s).engine.onDetection(d);
    return d;
  }

  void baseline(int s, Detection.State state, String detector) {
    tl.at(s).engine.onDetection(new Detection(null, "edge-1", t(s), detector, LOSS, Labels.of("resource", PATH), PATH,
        state, 0.06, 0.001, 0.9));
  }

  @Test
  void theAlarmFollowsTheThresholdsLevelUpAndDown() {
    threshold(10, Detection.State.FIRING, Severity.WARNING, 0.03, 0.02);
    threshold(20, Detection.State.FIRING, Severity.MAJOR, 0.07, 0.05);
    threshold(30, Detection.State.FIRING, Severity.CRITICAL, 0.25, 0.2);
    threshold(40, Detection.State.FIRING, Severity.WARNING, 0.03, 0.02);
    threshold(50, Detection.State.RESOLVED, null, 0.005, 0.01);

    assertThat(tl.changesOf(Alarm.idFor(PATH, CAUSE, t(10)))).extracting(Alarm::perceivedSeverity)
        .containsExactly(Severity.WARNING, Severity.MAJOR, Severity.CRITICAL, Severity.WARNING, Severity.CLEARED);
    Alarm raised = tl.changes.get(0);
    assertThat(raised.source()).isEqualTo("threshold:lossy-links");
    assertThat(raised.specificProblem())
        .isEqualTo("probe packet loss: probe_loss_ratio=0.03 crossed 0.02, the warning level of threshold lossy-links");
    assertThat(tl.alarm(PATH, CAUSE, 10).clearedTime()).isEqualTo(t(50));
  }

  @Test
  void anAlwaysLossyLinkStillAlarmsAndABaselineResolveDoesNotClearTheThresholdsAlarm() {
    baseline(10, Detection.State.FIRING, "ewma-baseline");
    threshold(20, Detection.State.FIRING, Severity.CRITICAL, 0.25, 0.2);
    baseline(30, Detection.State.RESOLVED, "ewma-baseline"); // the baseline learned the loss as normal

    Alarm alarm = tl.alarm(PATH, CAUSE, 10);
    assertThat(alarm.cleared()).isFalse();
    assertThat(alarm.perceivedSeverity()).isEqualTo(Severity.CRITICAL);

    threshold(40, Detection.State.RESOLVED, null, 0.001, 0.01);
    assertThat(tl.alarm(PATH, CAUSE, 10).clearedTime()).isEqualTo(t(40));
  }

  @Test
  void aThresholdLettingGoLeavesTheAlarmAtItsOtherInputsSeverity() {
    threshold(10, Detection.State.FIRING, Severity.CRITICAL, 0.25, 0.2);
    baseline(20, Detection.State.FIRING, "ewma-baseline"); // catalog: major
    threshold(30, Detection.State.RESOLVED, null, 0.04, 0.15);

    Alarm alarm = tl.alarm(PATH, CAUSE, 10);
    assertThat(alarm.cleared()).isFalse();
    assertThat(alarm.perceivedSeverity()).isEqualTo(Severity.MAJOR);
  }

  @Test
  void aStaleResolutionEndsWhatItsDetectorStarted() {
    baseline(10, Detection.State.FIRING, "ewma-baseline");
    baseline(20, Detection.State.RESOLVED, "ewma-baseline/stale");

    assertThat(tl.alarm(PATH, CAUSE, 10).clearedTime()).isEqualTo(t(20));
  }
}
