package io.sextant.sim;

import static io.sextant.sim.ActuatorTest.action;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.model.ActionKind;
import io.sextant.common.topology.Path;
import io.sextant.common.topology.Topology;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GroundTruthTest {
  private final CloudSpec spec = CloudSpec.defaults();
  private final Topology topology = TopologyGenerator.generate(spec);
  private final Instant s = spec.start().plus(Duration.ofHours(1));
  private final Duration grace = Duration.ofMinutes(2);
  private final String link = TopologyGenerator.identifiableLinks(topology).stream()
      .filter(l -> l.startsWith("pop-")).findFirst().orElseThrow();
  private final Fault loss = Fault.linkLoss("loss", link, s, Duration.ofMinutes(10), 0.1);
  private final Fault gpu = Fault.gpuNodeFailure("gpu", "edge-1/gpu1", s.plus(Duration.ofMinutes(15)), Duration.ofMinutes(10));
  private final Fault cpu = Fault.cpuSaturation("cpu", "edge-2/api", s.plus(Duration.ofMinutes(5)), Duration.ofMinutes(10), 2.5);

  @Test
  void affectedResourcesFollowTheFaultKind() {
    Set<String> crossing = topology.pathsCrossing(link).stream().map(Path::resource).collect(Collectors.toSet());

    assertThat(GroundTruth.affectedResources(loss, topology))
        .contains("link:" + link).containsAll(crossing).hasSize(crossing.size() + 1);
    assertThat(GroundTruth.affectedResources(gpu, topology))
        .containsExactlyInAnyOrder("node:edge-1/gpu1", "service:edge-1/inference");
    assertThat(GroundTruth.affectedResources(cpu, topology)).containsExactlyInAnyOrder("service:edge-2/api", "service:edge-2/web"); // the web calls the API
  }

  @Test
  void explainsAlarmsDuringTheFaultAndWithinGraceAfterIt() {
    GroundTruth truth = GroundTruth.of(FaultSchedule.of(loss, gpu, cpu), topology);
    String path = topology.pathsCrossing(link).get(0).resource();

    assertThat(truth.explain(path, s, grace)).contains(loss);
    assertThat(truth.explain("link:" + link, s.plus(Duration.ofMinutes(9)), grace)).contains(loss);
    assertThat(truth.explain(path, loss.end().plus(grace).minusSeconds(1), grace)).contains(loss);
    assertThat(truth.explain(path, loss.end().plus(grace), grace)).isEmpty();
    assertThat(truth.explain(path, s.minusSeconds(5), grace)).isEmpty();
    assertThat(truth.explain("service:edge-1/inference", gpu.start().plusSeconds(30), grace)).contains(gpu);
    assertThat(truth.explain("service:edge-1/web", gpu.start().plusSeconds(30), grace)).isEmpty();
    assertThat(truth.explain("service:edge-2/api", cpu.start(), grace)).contains(cpu);
  }

  @Test
  void anActiveFaultWinsOverOneInItsGraceTime() {
    Fault first = Fault.cpuSaturation("first", "edge-2/api", s, Duration.ofMinutes(5), 2.5);
    Fault second = Fault.cpuSaturation("second", "edge-2/api", first.end().plusSeconds(30), Duration.ofMinutes(5), 2.5);
    GroundTruth truth = GroundTruth.of(FaultSchedule.of(first, second), topology);

    assertThat(truth.explain("service:edge-2/api", first.end().plusSeconds(10), grace)).contains(first);
    assertThat(truth.explain("service:edge-2/api", second.start().plusSeconds(10), grace)).contains(second);
  }

  @Test
  void theCloudFixesAffectedPathsAtInjectionNotAfterTheFix() {
    SimulatedCloud cloud = new SimulatedCloud(spec, topology, FaultSchedule.of(loss));
    Set<String> crossing = topology.pathsCrossing(link).stream().map(Path::resource).collect(Collectors.toSet());
    cloud.collect("central", s);

    cloud.apply(action(ActionKind.REROUTE, "link:" + link, s.plusSeconds(60), "avoid", link));

    assertThat(cloud.groundTruth().affected(loss)).containsAll(crossing);
  }

  @Test
  void pathsReroutedBeforeTheFaultAreNotAffectedByIt() {
    SimulatedCloud cloud = new SimulatedCloud(spec, topology, FaultSchedule.of(loss));

    cloud.apply(action(ActionKind.REROUTE, "link:" + link, s.minusSeconds(60), "avoid", link));
    cloud.collect("central", s);

    assertThat(cloud.groundTruth().affected(loss)).containsExactly("link:" + link);
  }
}
