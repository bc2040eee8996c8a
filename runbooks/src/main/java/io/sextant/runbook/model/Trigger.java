package io.sextant.runbook.model;

import io.sextant.common.model.Alarm;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.FaultKind;
import java.util.Map;

/**
 * What starts a runbook: a detector firing on a metric (edge runbooks, which see their own
 * detectors), a located fault of a kind (central runbooks, after localization), or a raised alarm
 * of a probable cause. {@code labels}, when given, must all be on the detection or alarm.
 */
public sealed interface Trigger {

  boolean matches(Object event);

  /** Every entry of {@code wanted} is in {@code labels}. */
  static boolean labelsMatch(Map<String, String> wanted, Map<String, String> labels) {
    return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }

  record OnDetection(String metric, Map<String, String> labels) implements Trigger {
    public OnDetection {
      labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public OnDetection(String metric) {
      this(metric, Map.of());
    }

    @Override
    public boolean matches(Object event) {
      return event instanceof Detection d && d.state() == Detection.State.FIRING && d.metric().equals(metric)
          && labelsMatch(labels, d.labels());
    }
  }

  record OnDiagnosis(FaultKind kind) implements Trigger {
    @Override
    public boolean matches(Object event) {
      return event instanceof Diagnosis d && d.kind() == kind;
    }
  }

  /** A newly raised alarm (not its updates or its clearing) of {@code probableCause}. */
  record OnAlarm(String probableCause, Map<String, String> labels) implements Trigger {
    public OnAlarm {
      labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    @Override
    public boolean matches(Object event) {
      return event instanceof Alarm a && a.state() == Alarm.State.RAISED && a.probableCause().equals(probableCause)
          && labelsMatch(labels, a.labels());
    }
  }
}
