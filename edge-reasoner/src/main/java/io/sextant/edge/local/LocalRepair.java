package io.sextant.edge.local;

import io.sextant.common.action.Actuator;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Sample;
import io.sextant.runbook.execute.ActionExecutor;
import io.sextant.runbook.execute.ResourceHealth;
import io.sextant.runbook.guard.Guard;
import io.sextant.runbook.model.Runbook;
import io.sextant.runbook.plan.Planners;
import io.sextant.runbook.plan.TriggerContext;
import io.sextant.runbook.safety.AutomationControl;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/**
 * Intra-site repair at the edge: edge-scoped runbooks run on this site's own detections, against
 * the site's own actuator, and are verified by the site's own detectors. Nothing here needs the
 * centre, so it keeps working while the site is cut off; the audit events go out through the
 * edge's publisher and reach the centre when the link is back.
 */
public final class LocalRepair {
  private final List<Runbook> runbooks;
  private final ResourceHealth health = new ResourceHealth();
  private final ActionExecutor executor;

  public LocalRepair(Clock clock, Actuator actuator, List<Runbook> runbooks, Consumer<ActionEvent> audit) {
    this(clock, actuator, runbooks, audit, AutomationControl.open(clock));
  }

  /** @param control the edge's safety switches (dry run, pause, freezes, budget) */
  public LocalRepair(Clock clock, Actuator actuator, List<Runbook> runbooks, Consumer<ActionEvent> audit,
      AutomationControl control) {
    this.runbooks = runbooks.stream().filter(r -> r.scope() == Runbook.Scope.EDGE).toList();
    this.executor = new ActionExecutor(clock, actuator, new Guard(clock, control), health,
        Planners.all(node -> !health.firing(node)), audit);
  }

  /** Feeds one window's samples and the detector transitions they caused. */
  public void observe(List<Sample> samples, List<Detection> detections) {
    health.onSamples(samples);
    detections.forEach(health::onDetection);
    for (Detection d : detections) {
      for (Runbook r : runbooks) {
        if (r.trigger().matches(d)) {
          executor.handle(r, TriggerContext.of(d));
        }
      }
    }
  }

  /** Verifies applied actions; call once per window after {@link #observe}. */
  public void tick() {
    executor.tick();
  }

  public ActionExecutor executor() {
    return executor;
  }
}
