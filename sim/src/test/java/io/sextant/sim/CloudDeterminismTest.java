package io.sextant.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.common.model.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CloudDeterminismTest {
  private final CloudSpec spec = CloudSpec.defaults();

  private static List<Sample> run(SimulatedCloud cloud, int ticks) {
    List<Sample> all = new ArrayList<>();
    for (int i = 0; i < ticks; i++) {
      all.addAll(cloud.collectAll(cloud.spec().timeOf(i * 97L)));
    }
    return all;
  }

  @Test
  void sameSeedGivesBitIdenticalSamples() {
    List<Sample> a = run(SimulatedCloud.withDefaultFaults(spec), 50);
    List<Sample> b = run(SimulatedCloud.withDefaultFaults(spec), 50);

    assertThat(a).isNotEmpty().isEqualTo(b);
    for (int i = 0; i < a.size(); i++) {
      assertThat(Double.doubleToRawLongBits(a.get(i).value())).isEqualTo(Double.doubleToRawLongBits(b.get(i).value()));
    }
  }

  @Test
  void differentSeedGivesDifferentSamples() {
    List<Sample> a = run(new SimulatedCloud(spec, FaultSchedule.none()), 20);
    List<Sample> b = run(new SimulatedCloud(spec.withSeed(8), FaultSchedule.none()), 20);

    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void samplesDoNotDependOnCallOrderOrThread() {
    SimulatedCloud forward = SimulatedCloud.withDefaultFaults(spec);
    Instant t = spec.timeOf(900);
    Map<String, List<Sample>> expected = new ConcurrentHashMap<>();
    for (String site : spec.siteIds()) {
      expected.put(site, forward.collect(site, t));
    }

    SimulatedCloud shuffled = SimulatedCloud.withDefaultFaults(spec);
    List<String> sites = new ArrayList<>(spec.siteIds());
    Collections.reverse(sites);
    shuffled.collect(sites.get(0), spec.timeOf(5000));
    Map<String, List<Sample>> parallel = new ConcurrentHashMap<>();
    IntStream.range(0, sites.size()).parallel().forEach(i -> parallel.put(sites.get(i), shuffled.collect(sites.get(i), t)));

    assertThat(parallel).isEqualTo(expected);
  }

  @Test
  void everySampleNamesItsResourceAndUsesTheMetricContract() {
    SimulatedCloud cloud = new SimulatedCloud(spec, FaultSchedule.none());
    List<Sample> edge = cloud.collect("edge-1", spec.timeOf(10));

    assertThat(edge).allSatisfy(s -> {
      assertThat(s.site()).isEqualTo("edge-1");
      assertThat(s.resource()).matches("(node|service|path):.+");
      assertThat(s.value()).isFinite().isGreaterThanOrEqualTo(0);
    });
    assertThat(edge).extracting(Sample::metric).containsOnly(
        Kpis.NODE_CPU, Kpis.NODE_MEMORY, Kpis.NODE_GPU_UP, Kpis.NODE_GPU_UTILIZATION, Kpis.SERVICE_RPS,
        Kpis.SERVICE_CPU, Kpis.SERVICE_LATENCY, Kpis.SERVICE_ERROR_RATIO, Kpis.SERVICE_REPLICAS,
        Kpis.PROBE_LOSS, Kpis.PROBE_SENT, Kpis.PROBE_RTT, Kpis.PROBE_JITTER);
    Sample gpu = edge.stream().filter(s -> s.metric().equals(Kpis.NODE_GPU_UP)).findFirst().orElseThrow();
    assertThat(gpu.labels()).containsOnlyKeys("resource", "node").containsEntry("node", "edge-1/gpu1");
    Sample web = edge.stream().filter(s -> s.metric().equals(Kpis.SERVICE_LATENCY)
        && s.resource().equals("service:edge-1/web")).findFirst().orElseThrow();
    assertThat(web.labels()).as("a KPI series survives a migration: no placement label")
        .containsOnlyKeys("resource", "service").containsEntry("service", "edge-1/web");
    Sample replicas = edge.stream().filter(s -> s.metric().equals(Kpis.SERVICE_REPLICAS)
        && s.resource().equals("service:edge-1/web")).findFirst().orElseThrow();
    assertThat(replicas.labels()).containsEntry("node", "edge-1/n1");
    Sample probe = edge.stream().filter(s -> s.resource().equals("path:edge-1>central")).findFirst().orElseThrow();
    assertThat(probe.labels()).containsEntry("src", "edge-1").containsEntry("dst", "central");
    assertThat(edge.stream().filter(s -> s.metric().equals(Kpis.PROBE_LOSS))).hasSize(spec.edgeSites());
  }

  @Test
  void rejectsOffGridTimesAndUnknownSites() {
    SimulatedCloud cloud = new SimulatedCloud(spec, FaultSchedule.none());

    assertThatThrownBy(() -> cloud.collect("edge-1", spec.start().plusSeconds(3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grid");
    assertThatThrownBy(() -> cloud.collect("edge-9", spec.start()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("edge-9");
  }

  @Test
  void specValidatesAndKnowsItsGrid() {
    assertThatThrownBy(() -> spec.withEdgeSites(0)).hasMessageContaining("edgeSites");
    assertThatThrownBy(() -> spec.withEdgeSites(21)).hasMessageContaining("edgeSites");
    assertThatThrownBy(() -> spec.withProbesPerWindow(0)).hasMessageContaining("probesPerWindow");
    assertThat(spec.tickOf(Instant.parse("2026-01-05T00:01:00Z"))).isEqualTo(12);
    assertThat(spec.timeOf(12)).isEqualTo(Instant.parse("2026-01-05T00:01:00Z"));
    assertThat(spec.siteIds()).containsExactly("central", "edge-1", "edge-2", "edge-3");
  }
}
