package io.sextant.node.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionState;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import io.sextant.common.time.MutableClock;
import io.sextant.edge.EdgeReasoner;
import io.sextant.edge.detect.DetectorRules;
import io.sextant.edge.detect.SeriesDetectors;
import io.sextant.edge.local.LocalRepair;
import io.sextant.runbook.load.RunbookLoader;
import io.sextant.runbook.model.Runbook;
import io.sextant.sim.CloudSpec;
import io.sextant.sim.FaultSchedule;
import io.sextant.sim.SimulatedCloud;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A pushed model's detection drives local repair as a streaming detector's does: an edge runbook
 * triggered by the model's metric scales the service out on the site's own actuator.
 */
class ModelDetectionRepairTest {
  static final String SITE = CloudSpec.edgeId(1);
  static final String SERVICE = "service:" + SITE + "/web";
  static final Runbook ON_MODEL = RunbookLoader.parse("test", """
      id: scale-out-on-model
      description: Scale out a service its pushed model finds anomalous.
      scope: edge
      trigger:
        detection: svc-kmeans
      action:
        kind: SCALE_OUT
        options: {headroom: "1.2", maxReplicas: "16"}
      guard: {maxActions: 3, window: 1h, maxBlastRadius: 12}
      verify: {within: 40s, stableFor: 10s, rollback: true}
      """);

  @Test
  void aModelsDetectionTriggersTheEdgeRunbookOnItsMetric() {
    CloudSpec spec = CloudSpec.defaults().withEdgeSites(1);
    SimulatedCloud cloud = new SimulatedCloud(spec, FaultSchedule.none());
    MutableClock clock = new MutableClock(spec.start());
    List<ActionEvent> audit = new ArrayList<>();
    EdgeReasoner reasoner = new EdgeReasoner(SITE, new SeriesDetectors(DetectorRules.defaults()),
        new LocalRepair(clock, cloud, List.of(ON_MODEL), audit::add));
    int before = replicas(cloud);

    Instant t = clock.advance(spec.step());
    List<Sample> samples = cloud.collect(SITE, t);
    Detection model = new Detection(null, SITE, t, "model:svc-kmeans@3", "svc-kmeans", Labels.of("resource", SERVICE),
        SERVICE, Detection.State.FIRING, 3.0, 1.0, 0.75);
    List<Detection> out = reasoner.observe(samples, List.of(model));

    assertThat(out).as("the model's detection goes up with the window's").contains(model);
    assertThat(audit).extracting(e -> e.action().runbook() + " " + e.state())
        .contains("scale-out-on-model " + ActionState.APPLIED);
    assertThat(replicas(cloud)).isGreaterThan(before);
  }

  private static int replicas(SimulatedCloud cloud) {
    return cloud.topology().services().stream().filter(s -> s.resource().equals(SERVICE))
        .mapToInt(s -> s.replicas()).sum();
  }
}
