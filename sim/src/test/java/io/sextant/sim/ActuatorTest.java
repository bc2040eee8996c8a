package io.sextant.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.action.ActionResult;
import io.sextant.common.model.Action;
import io.sextant.common.model.ActionKind;
import io.sextant.common.model.Labels;
import io.sextant.common.topology.Path;
import io.sextant.common.topology.Service;
import io.sextant.common.topology.Topology;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each action kind fixes the fault it is meant for, and its rollback brings the fault back. */
class ActuatorTest {
  private final CloudSpec spec = CloudSpec.defaults();
  private final Topology topology = TopologyGenerator.generate(spec);
  private final Instant start = spec.start().plus(Duration.ofMinutes(70));
  private final Instant during = start.plus(Duration.ofMinutes(2));
  private final Duration length = Duration.ofMinutes(10);

  static Action action(ActionKind kind, String target, Instant time, String... params) {
    return new Action(null, "central", time, kind, target, Labels.of(params), "test-runbook", "test", null);
  }

  private SimulatedCloud cloudWith(Fault fault) {
    return new SimulatedCloud(spec, topology, FaultSchedule.of(fault));
  }

  @Test
  void rerouteAroundTheLossyLinkRestoresItsPathsAndRollbackBringsTheLossBack() {
    String link = TopologyGenerator.identifiableLinks(topology).stream()
        .filter(l -> l.startsWith("pop-")).findFirst().orElseThrow();
    SimulatedCloud cloud = cloudWith(Fault.linkLoss("f", link, start, length, 0.12));
    List<Path> crossing = topology.pathsCrossing(link);
    Path probe = crossing.get(0);
    double lossy = SimSamples.mean(cloud, probe.src(), Kpis.PROBE_LOSS, probe.resource(), during, 6);
    Action reroute = action(ActionKind.REROUTE, "link:" + link, during, "avoid", link);

    ActionResult applied = cloud.apply(reroute);
    double rerouted = SimSamples.mean(cloud, probe.src(), Kpis.PROBE_LOSS, probe.resource(), during, 6);

    assertThat(lossy).isGreaterThan(0.08);
    assertThat(applied.ok()).as(applied.detail()).isTrue();
    assertThat(applied.detail()).contains(crossing.size() + " path(s)");
    assertThat(cloud.topology().pathsCrossing(link)).isEmpty();
    assertThat(rerouted).isLessThan(0.01);
    assertThat(cloud.appliedActions()).containsExactly(reroute);

    ActionResult undone = cloud.rollback(reroute);

    assertThat(undone.ok()).isTrue();
    assertThat(cloud.topology().paths()).isEqualTo(topology.paths());
    assertThat(SimSamples.mean(cloud, probe.src(), Kpis.PROBE_LOSS, probe.resource(), during, 6)).isGreaterThan(0.08);
    assertThat(cloud.appliedActions()).isEmpty();
  }

  @Test
  void rerouteAroundAnAccessLinkUsesTheSecondary() {
    String access = topology.links().stream()
        .filter(l -> l.cost() == 1 && (l.a().equals("edge-1") || l.b().equals("edge-1"))).findFirst().orElseThrow().id();
    SimulatedCloud cloud = new SimulatedCloud(spec, topology, FaultSchedule.none());

    assertThat(cloud.apply(action(ActionKind.REROUTE, "link:" + access, during, "avoid", access)).ok()).isTrue();

    assertThat(cloud.topology().pathsFrom("edge-1")).allSatisfy(p -> {
      String first = p.links().get(0);
      assertThat(cloud.topology().link(first).orElseThrow().cost()).isEqualTo(3);
    });
  }

  @Test
  void migratingOffTheFailedGpuRestoresTheServiceAndRollbackMovesItBack() {
    SimulatedCloud cloud = cloudWith(Fault.gpuNodeFailure("f", "edge-1/gpu1", start, length));
    SimulatedCloud healthy = new SimulatedCloud(spec, topology, FaultSchedule.none());
    String svc = "service:edge-1/inference";
    double normal = SimSamples.mean(healthy, "edge-1", Kpis.SERVICE_LATENCY, svc, during, 6);
    Action migrate = action(ActionKind.MIGRATE, "node:edge-1/gpu1", during, "to", "edge-1/gpu2");

    assertThat(SimSamples.mean(cloud, "edge-1", Kpis.SERVICE_LATENCY, svc, during, 6)).isGreaterThan(5 * normal);
    ActionResult applied = cloud.apply(migrate);

    assertThat(applied.ok()).as(applied.detail()).isTrue();
    assertThat(cloud.topology().service("edge-1/inference").orElseThrow().node()).isEqualTo("edge-1/gpu2");
    assertThat(SimSamples.mean(cloud, "edge-1", Kpis.SERVICE_LATENCY, svc, during, 6)).isLessThan(1.2 * normal);
    assertThat(SimSamples.mean(cloud, "edge-1", Kpis.SERVICE_ERROR_RATIO, svc, during, 6)).isLessThan(0.01);
    assertThat(SimSamples.mean(cloud, "edge-1", Kpis.NODE_GPU_UTILIZATION, "node:edge-1/gpu2", during, 6))
        .isGreaterThan(0.3);
    assertThat(SimSamples.value(cloud.collect("edge-1", during), Kpis.SERVICE_LATENCY, svc)).isPositive();

    assertThat(cloud.rollback(migrate).ok()).isTrue();

    assertThat(cloud.topology().service("edge-1/inference").orElseThrow().node()).isEqualTo("edge-1/gpu1");
    assertThat(SimSamples.mean(cloud, "edge-1", Kpis.SERVICE_ERROR_RATIO, svc, during, 6)).isGreaterThan(0.3);
  }

  @Test
  void scalingOutEnoughRestoresCpuAndRollbackRestoresTheReplicaCount() {
    SimulatedCloud cloud = cloudWith(Fault.cpuSaturation("f", "edge-2/web", start, length, 2.5));
    SimulatedCloud healthy = new SimulatedCloud(spec, topology, FaultSchedule.none());
    String svc = "service:edge-2/web";
    double normalCpu = SimSamples.mean(healthy, "edge-2", Kpis.SERVICE_CPU, svc, during, 6);
    double normalLatency = SimSamples.mean(healthy, "edge-2", Kpis.SERVICE_LATENCY, svc, during, 6);
    Action scale = action(ActionKind.SCALE_OUT, svc, during, "replicas", "5");

    assertThat(SimSamples.mean(cloud, "edge-2", Kpis.SERVICE_CPU, svc, during, 6)).isGreaterThan(normalCpu + 0.2);
    ActionResult applied = cloud.apply(scale);

    assertThat(applied.ok()).as(applied.detail()).isTrue();
    assertThat(applied.detail()).contains("2 -> 5");
    assertThat(SimSamples.value(cloud.collect("edge-2", during), Kpis.SERVICE_REPLICAS, svc)).isEqualTo(5);
    assertThat(SimSamples.mean(cloud, "edge-2", Kpis.SERVICE_CPU, svc, during, 6)).isLessThan(normalCpu + 0.05);
    assertThat(SimSamples.mean(cloud, "edge-2", Kpis.SERVICE_LATENCY, svc, during, 6)).isLessThan(1.2 * normalLatency);

    assertThat(cloud.rollback(scale).ok()).isTrue();

    assertThat(cloud.topology().service("edge-2/web").orElseThrow().replicas()).isEqualTo(2);
    assertThat(SimSamples.mean(cloud, "edge-2", Kpis.SERVICE_CPU, svc, during, 6)).isGreaterThan(normalCpu + 0.2);
  }

  @Test
  void applyIsIdempotentPerActionIdAndRollbackWorksOnce() {
    SimulatedCloud cloud = new SimulatedCloud(spec, topology, FaultSchedule.none());
    Action scale = action(ActionKind.SCALE_OUT, "service:edge-1/api", during, "replicas", "4");

    assertThat(cloud.apply(scale).ok()).isTrue();
    ActionResult again = cloud.apply(scale);
    Topology after = cloud.topology();

    assertThat(again.ok()).isTrue();
    assertThat(again.detail()).startsWith("already applied");
    assertThat(cloud.appliedActions()).hasSize(1);
    assertThat(after.service("edge-1/api").orElseThrow().replicas()).isEqualTo(4);
    assertThat(cloud.rollback(scale).ok()).isTrue();
    ActionResult twice = cloud.rollback(scale);
    assertThat(twice.ok()).isFalse();
    assertThat(twice.retryable()).isFalse();
    assertThat(cloud.topology()).isEqualTo(topology);
  }

  @Test
  void rollbacksInReverseOrderRestoreTheOriginalPlacement() {
    SimulatedCloud cloud = new SimulatedCloud(spec, topology, FaultSchedule.none());
    Action first = action(ActionKind.MIGRATE, "node:edge-3/gpu1", during, "to", "edge-3/gpu2");
    Action second = action(ActionKind.SCALE_OUT, "service:edge-3/inference", during, "replicas", "2");

    assertThat(cloud.apply(first).ok()).isTrue();
    assertThat(cloud.apply(second).ok()).isTrue();
    assertThat(cloud.topology().service("edge-3/inference").orElseThrow())
        .isEqualTo(new Service("edge-3/inference", "edge-3", "edge-3/gpu2", 2, true));
    assertThat(cloud.rollback(second).ok()).isTrue();
    assertThat(cloud.rollback(first).ok()).isTrue();

    assertThat(cloud.topology()).isEqualTo(topology);
  }
}
