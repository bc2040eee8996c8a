package io.sextant.alarm;

import io.sextant.alarm.lifecycle.AlarmLifecycle.Step;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A mutable copy of an {@link Alarm} for building its next state; the record has 18 fields and
 * no withers. Times only move forward: an event that arrives late never makes an alarm look
 * older than a change already recorded.
 */
final class AlarmDraft {
  private final Alarm from;
  private Instant time;
  private String specificProblem;
  private Severity severity;
  private Alarm.State state;
  private Alarm.AckState ackState;
  private boolean rootCause;
  private String parentAlarmId;
  private final List<String> correlated;
  private Instant clearedTime;
  private int count;
  private String source;
  private Map<String, String> labels;

  private AlarmDraft(Alarm from) {
    this.from = from;
    this.time = from.time();
    this.specificProblem = from.specificProblem();
    this.severity = from.perceivedSeverity();
    this.state = from.state();
    this.ackState = from.ackState();
    this.rootCause = from.rootCause();
    this.parentAlarmId = from.parentAlarmId();
    this.correlated = new ArrayList<>(from.correlatedAlarmIds());
    this.clearedTime = from.clearedTime();
    this.count = from.count();
    this.source = from.source();
    this.labels = from.labels();
  }

  static AlarmDraft of(Alarm alarm) {
    return new AlarmDraft(alarm);
  }

  AlarmDraft step(Step step) {
    state = step.state();
    ackState = step.ackState();
    return this;
  }

  AlarmDraft at(Instant when) {
    if (when.isAfter(time)) {
      time = when;
    }
    return this;
  }

  /** Repeats raise the severity but never lower it: the worst seen stands until the clear (but see {@link #severity}). */
  AlarmDraft atLeast(Severity seen) {
    if (seen.ordinal() < severity.ordinal()) {
      severity = seen;
    }
    return this;
  }

  /** A threshold's current level, which may be lower than the worst seen. */
  AlarmDraft severity(Severity now) {
    severity = now;
    return this;
  }

  AlarmDraft counted() {
    count++;
    return this;
  }

  /** X.733: a cleared alarm's perceived severity is CLEARED. */
  AlarmDraft cleared() {
    severity = Severity.CLEARED;
    clearedTime = time;
    return this;
  }

  AlarmDraft specificProblem(String text) {
    specificProblem = text;
    return this;
  }

  AlarmDraft rootCause(String raisedBy) {
    rootCause = true;
    source = raisedBy;
    return this;
  }

  AlarmDraft parent(String alarmId) {
    parentAlarmId = alarmId;
    return this;
  }

  AlarmDraft correlate(String alarmId) {
    if (!correlated.contains(alarmId)) {
      correlated.add(alarmId);
    }
    return this;
  }

  /**
   * Drops the correlated alarms that have cleared (the engine tracks which, per parent), so a
   * long-lived root lists what is open under it rather than every symptom it ever had: without
   * this, a root over flapping symptoms grew without end, and so did every one of its changes
   * (published, sent to the hub) and its history rows.
   */
  AlarmDraft dropCleared(java.util.Set<String> cleared) {
    if (!cleared.isEmpty()) {
      correlated.removeAll(cleared);
    }
    return this;
  }

  AlarmDraft uncorrelate(String alarmId) {
    correlated.remove(alarmId);
    return this;
  }

  AlarmDraft labels(Map<String, String> newLabels) {
    labels = newLabels;
    return this;
  }

  Alarm build() {
    return new Alarm(from.id(), from.site(), time, from.resource(), from.probableCause(), specificProblem,
        from.eventType(), severity, state, ackState, rootCause, parentAlarmId, correlated, from.raisedTime(),
        clearedTime, count, source, labels);
  }
}
