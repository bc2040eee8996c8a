package io.sextant.central.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.central.locate.LinkLocalizer;
import io.sextant.central.state.LiveState;
import io.sextant.common.gpu.Dcgm;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.FaultKind;
import io.sextant.common.model.Labels;
import io.sextant.common.time.MutableClock;
import io.sextant.common.topology.Node;
import io.sextant.common.topology.Service;
import io.sextant.common.topology.Site;
import io.sextant.common.topology.Topology;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The GPU node rule on the edge's DCGM detections: which ones are a GPU node failure, and once. */
class DiagnoserGpuTest {
  static final Instant T0 = Instant.parse("2026-12-06T17:00:00Z");
  static final String NODE = "node:edge-1/gpu-node-1";

  final MutableClock clock = new MutableClock(T0);
  final Topology topology = new Topology(List.of(new Site("central", Site.Kind.CENTRAL), new Site("edge-1",
      Site.Kind.EDGE)), List.of(), List.of(new Node("edge-1/gpu-node-1", "edge-1", 32, 2),
      new Node("edge-1/gpu-node-2", "edge-1", 32, 2)), List.of(), List.of(),
      List.of(new Service("edge-1/inference", "edge-1", "edge-1/gpu-node-1", 1, true)));
  final List<Diagnosis> out = new ArrayList<>();
  final Diagnoser diagnoser = new Diagnoser(clock, "central", () -> topology, new LiveState(), new LinkLocalizer(),
      Diagnoser.Settings.defaults(), out::add);

  static Detection det(String detector, String metric, double observed, Detection.State state, String resource) {
    return new Detection(null, "edge-1", T0, detector, metric, Labels.of("resource", resource, "UUID", "GPU-1"),
        resource, state, observed, 1, 1);
  }

  @Test
  void aFatalXidIsAGpuNodeFailureNamingTheNodeAndItsServices() {
    diagnoser.onDetection(det("threshold:gpu-xid", Dcgm.XID, 79, Detection.State.FIRING, NODE));
    assertThat(out).singleElement().satisfies(d -> {
      assertThat(d.kind()).isEqualTo(FaultKind.GPU_NODE_FAILURE);
      assertThat(d.target()).isEqualTo(NODE);
      assertThat(d.evidence()).containsExactly(NODE, "service:edge-1/inference");
      assertThat(d.details()).containsEntry("xid", 79.0);
    });
  }

  @Test
  void theGpuGoneAfterItsXidDoesNotMoveTheSameWorkTwice() {
    diagnoser.onDetection(det("threshold:gpu-xid", Dcgm.XID, 79, Detection.State.FIRING, NODE));
    clock.advance(Duration.ofSeconds(2));
    diagnoser.onDetection(det("threshold:gpu-xid/stale", Dcgm.XID, 79, Detection.State.RESOLVED, NODE));
    diagnoser.onDetection(det("absent", Dcgm.GPU_PRESENT, 0, Detection.State.FIRING, NODE));
    assertThat(out).hasSize(1);
    clock.advance(Diagnoser.Settings.DEFAULT_REDIAGNOSE_AFTER);
    diagnoser.onDetection(det("absent", Dcgm.GPU_PRESENT, 0, Detection.State.FIRING, NODE));
    assertThat(out).hasSize(2);
    assertThat(out.get(1).details()).containsEntry("gpuPresent", 0.0);
  }

  @Test
  void eccDoubleBitErrorsAreAFailure() {
    diagnoser.onDetection(det("threshold:gpu-ecc-dbe", Dcgm.ECC_DBE + ":rate", 0.5, Detection.State.FIRING, NODE));
    assertThat(out).singleElement().satisfies(d -> assertThat(d.details()).containsEntry("eccDbePerSecond", 0.5));
  }

  @Test
  void alarmsThatAreNoNodeFailureDiagnoseNothing() {
    diagnoser.onDetection(det("threshold:gpu-xid", Dcgm.XID, 13, Detection.State.FIRING, NODE));
    diagnoser.onDetection(det("threshold:gpu-temp-high", Dcgm.GPU_TEMP, 95, Detection.State.FIRING, NODE));
    diagnoser.onDetection(det("threshold:gpu-thermal-throttle", Dcgm.THERMAL_VIOLATION + ":rate", 5e5,
        Detection.State.FIRING, NODE));
    // a GPU exporter whose resource is not a node (the default instance:...): nothing to migrate
    diagnoser.onDetection(det("threshold:gpu-xid", Dcgm.XID, 79, Detection.State.FIRING, "instance:edge-1/x:9400"));
    assertThat(out).isEmpty();
  }
}
