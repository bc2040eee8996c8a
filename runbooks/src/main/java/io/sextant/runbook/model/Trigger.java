package io.sextant.runbook.model;

import io.sextant.common.model.Detection;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.FaultKind;

/**
 * What starts a runbook: a detector firing on a metric (edge runbooks, which see their own
 * detectors), or a located fault of a kind (central runbooks, after localization).
 */
public sealed interface Trigger {

  boolean matches(Object event);

  record OnDetection(String metric) implements Trigger {
    @Override
    public boolean matches(Object event) {
      return event instanceof Detection d && d.state() == Detection.State.FIRING && d.metric().equals(metric);
    }
  }

  record OnDiagnosis(FaultKind kind) implements Trigger {
    @Override
    public boolean matches(Object event) {
      return event instanceof Diagnosis d && d.kind() == kind;
    }
  }
}
