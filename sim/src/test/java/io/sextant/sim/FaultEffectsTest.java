package io.sextant.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.model.Sample;
import io.sextant.common.topology.Path;
import io.sextant.common.topology.Topology;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * Each fault kind, compared with the same seed without faults: exactly the expected KPIs differ,
 * only while the fault is active, and visibly so. Faults sit at the demo's times (01:xx UTC,
 * near the daily trough), the hardest case for saturation.
 */
class FaultEffectsTest {
  private final CloudSpec spec = CloudSpec.defaults();
  private final Topology topology = TopologyGenerator.generate(spec);
  private final Instant start = spec.start().plus(Duration.ofMinutes(70));
  private final Duration length = Duration.ofMinutes(2);

  /** Windows from 1 min before to 1 min after the fault; calls check(faulty, healthy) while active. */
  private Set<String> differingKeys(Fault fault, BiConsumer<Map<String, Double>, Map<String, Double>> whileActive) {
    SimulatedCloud faulty = new SimulatedCloud(spec, topology, FaultSchedule.of(fault));
    SimulatedCloud healthy = new SimulatedCloud(spec, topology, FaultSchedule.none());
    Set<String> differing = new TreeSet<>();
    List<Instant> activeWindows = new ArrayList<>();
    for (Instant t = start.minusSeconds(60); t.isBefore(fault.end().plusSeconds(60)); t = t.plus(spec.step())) {
      Map<String, Double> f = SimSamples.index(faulty.collectAll(t));
      Map<String, Double> h = SimSamples.index(healthy.collectAll(t));
      assertThat(f.keySet()).isEqualTo(h.keySet());
      if (fault.isActiveAt(t)) {
        activeWindows.add(t);
        whileActive.accept(f, h);
        f.forEach((k, v) -> {
          if (!v.equals(h.get(k))) {
            differing.add(k);
          }
        });
      } else {
        assertThat(f).as("no effect outside the fault at %s", t).isEqualTo(h);
      }
    }
    assertThat(activeWindows).hasSize((int) length.dividedBy(spec.step()));
    return differing;
  }

  @Test
  void linkLossRaisesLossOnlyOnPathsCrossingTheLink() {
    String link = TopologyGenerator.identifiableLinks(topology).stream()
        .filter(l -> l.startsWith("pop-")).findFirst().orElseThrow();
    List<Path> crossing = topology.pathsCrossing(link);
    Set<String> expected = new TreeSet<>();
    crossing.forEach(p -> expected.add(Kpis.PROBE_LOSS + "|" + p.resource()));

    Set<String> differing = differingKeys(Fault.linkLoss("f", link, start, length, 0.1), (f, h) -> {
      for (Path p : crossing) {
        assertThat(f.get(Kpis.PROBE_LOSS + "|" + p.resource())).isBetween(0.04, 0.2);
      }
    });

    assertThat(differing).isEqualTo(expected);
  }

  @Test
  void gpuFailureDownsTheGpuAndHurtsItsServices() {
    String node = "node:edge-2/gpu1";
    String service = "service:edge-2/inference";

    Set<String> differing = differingKeys(Fault.gpuNodeFailure("f", "edge-2/gpu1", start, length), (f, h) -> {
      assertThat(f.get(Kpis.NODE_GPU_UP + "|" + node)).isZero();
      assertThat(h.get(Kpis.NODE_GPU_UP + "|" + node)).isEqualTo(1.0);
      assertThat(f.get(Kpis.NODE_GPU_UTILIZATION + "|" + node)).isZero();
      assertThat(f.get(Kpis.SERVICE_LATENCY + "|" + service))
          .isCloseTo(8 * h.get(Kpis.SERVICE_LATENCY + "|" + service), org.assertj.core.data.Percentage.withPercentage(1));
      assertThat(f.get(Kpis.SERVICE_ERROR_RATIO + "|" + service)).isBetween(0.3, 0.5);
    });

    assertThat(differing).containsExactlyInAnyOrder(
        Kpis.NODE_GPU_UP + "|" + node, Kpis.NODE_GPU_UTILIZATION + "|" + node,
        Kpis.SERVICE_LATENCY + "|" + service, Kpis.SERVICE_ERROR_RATIO + "|" + service);
  }

  @Test
  void cpuSaturationDrivesTheServiceTowardsSaturationAndLeavesItsNodeBelowTheDetectorsEffect() {
    String service = "service:edge-3/api";
    String node = "node:edge-3/n2";

    Set<String> differing = differingKeys(Fault.cpuSaturation("f", "edge-3/api", start, length, 2.5), (f, h) -> {
      double cpu = f.get(Kpis.SERVICE_CPU + "|" + service);
      assertThat(cpu).isGreaterThan(h.get(Kpis.SERVICE_CPU + "|" + service) + 0.25).isLessThanOrEqualTo(0.98);
      assertThat(f.get(Kpis.SERVICE_LATENCY + "|" + service))
          .isGreaterThan(1.5 * h.get(Kpis.SERVICE_LATENCY + "|" + service));
      assertThat(f.get(Kpis.SERVICE_RPS + "|" + service)).isGreaterThan(2 * h.get(Kpis.SERVICE_RPS + "|" + service));
      assertThat(f.get(Kpis.NODE_CPU + "|" + node) - h.get(Kpis.NODE_CPU + "|" + node)).isBetween(0.0, 0.15);
    });

    // The web calls the API, so it waits longer too; its own CPU and traffic do not change.
    assertThat(differing).containsExactlyInAnyOrder(
        Kpis.SERVICE_CPU + "|" + service, Kpis.SERVICE_LATENCY + "|" + service,
        Kpis.SERVICE_RPS + "|" + service, Kpis.NODE_CPU + "|" + node,
        Kpis.SERVICE_LATENCY + "|service:edge-3/web");
  }

  @Test
  void aSlowDependencySlowsItsCallersAndNothingElse() {
    String api = "service:edge-2/api";
    String web = "service:edge-2/web";

    Set<String> differing = differingKeys(Fault.serviceSlow("f", "edge-2/api", start, length, 5), (f, h) -> {
      double normalApi = h.get(Kpis.SERVICE_LATENCY + "|" + api);
      assertThat(f.get(Kpis.SERVICE_LATENCY + "|" + api)).isCloseTo(5 * normalApi, org.assertj.core.data.Offset.offset(1e-9));
      // web = its own latency + CALL_SHARE x the API's: the API's extra latency shows in full share
      assertThat(f.get(Kpis.SERVICE_LATENCY + "|" + web) - h.get(Kpis.SERVICE_LATENCY + "|" + web))
          .isCloseTo(KpiModel.CALL_SHARE * 4 * normalApi, org.assertj.core.data.Offset.offset(1e-6));
    });

    assertThat(differing).containsExactlyInAnyOrder(Kpis.SERVICE_LATENCY + "|" + api, Kpis.SERVICE_LATENCY + "|" + web);
  }

  @Test
  void aFailingDependencyFailsItsCallersRequests() {
    String api = "service:edge-1/api";
    String web = "service:edge-1/web";

    Set<String> differing = differingKeys(Fault.serviceErrors("f", "edge-1/api", start, length, 0.2), (f, h) -> {
      assertThat(f.get(Kpis.SERVICE_ERROR_RATIO + "|" + api)).isBetween(0.18, 0.22);
      assertThat(f.get(Kpis.SERVICE_ERROR_RATIO + "|" + web)).isBetween(0.8 * 0.18, 0.8 * 0.22 + 0.01);
    });

    assertThat(differing).containsExactlyInAnyOrder(Kpis.SERVICE_ERROR_RATIO + "|" + api,
        Kpis.SERVICE_ERROR_RATIO + "|" + web);
  }

  @Test
  void cpuSaturationAtMiddayClampsUtilization() {
    Instant noon = spec.start().plus(Duration.ofHours(12));
    Fault surge = Fault.cpuSaturation("f", "edge-1/web", noon, length, 2.5);
    SimulatedCloud cloud = new SimulatedCloud(spec, topology, FaultSchedule.of(surge));

    List<Sample> samples = cloud.collect("edge-1", noon);

    assertThat(SimSamples.value(samples, Kpis.SERVICE_CPU, "service:edge-1/web")).isEqualTo(0.98);
    assertThat(SimSamples.value(samples, Kpis.SERVICE_LATENCY, "service:edge-1/web")).isGreaterThan(500);
  }
}
