package io.sextant.deploy.lab.netns;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.model.Action;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionKind;
import io.sextant.common.model.ActionState;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.FaultKind;
import io.sextant.deploy.lab.netns.NetnsScorer.Played;
import io.sextant.deploy.lab.netns.NetnsScorer.Seen;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The netns lab's scoring: which detections and diagnoses a fault explains, and the times from injection. */
class NetnsScorerTest {
  static final Instant T0 = Instant.parse("2026-12-06T14:00:00Z");
  static final Map<String, String> POP1 = Map.of("edge-1", "10.201.1.2", "edge-2", "10.201.2.2");
  final NetnsFault loss = new NetnsFault("loss-5pct", NetnsFault.Kind.LOSS, "edge-1", 5, Duration.ZERO,
      Duration.ofSeconds(20));
  final NetnsFault down = new NetnsFault("link-down", NetnsFault.Kind.LINK_DOWN, "edge-2", 0, Duration.ZERO,
      Duration.ofSeconds(20));

  @Test
  void aLossIsDetectedOnItsSitesPathsLocatedByTheDiagnosisAndProtectedAtTheFirstProbeOnTheStandby() {
    Played p = new Played(loss, T0, T0.plusSeconds(20), T0.plusSeconds(9));
    NetnsReport r = NetnsScorer.score(2, 200, List.of(p), List.of(
        seen(3, fired("path:central>edge-1")),
        seen(6, diagnosis("link:edge-1~pop-1"))), POP1, T0.minusSeconds(60));
    NetnsReport.FaultTimes f = r.faults().get(0);
    assertThat(f.detected()).isTrue();
    assertThat(f.timeToDetect()).isEqualTo(3.0);
    assertThat(f.timeToLocate()).isEqualTo(6.0);
    assertThat(f.timeToProtect()).isEqualTo(9.0);
    assertThat(r.falseAlarms()).isZero();
    assertThat(r.allProtectedWithin(60)).isTrue();
    assertThat(r.allProtectedWithin(8)).isFalse();
  }

  @Test
  void pathsOfOtherSitesAWrongLinkAndAnythingOutsideTheFaultAreFalseAlarms() {
    Played p = new Played(loss, T0, T0.plusSeconds(20), T0.plusSeconds(9));
    NetnsReport r = NetnsScorer.score(2, 200, List.of(p), List.of(
        seen(2, fired("path:central>edge-2")),
        seen(5, diagnosis("link:central~pop-1")),
        seen(-5, fired("path:central>edge-1")),
        seen(60, fired("path:edge-1>central")),
        seen(4, fired("node:edge-1/edge-1-gw"))), POP1, T0.minusSeconds(60));
    assertThat(r.faults().get(0).locatedCorrectly()).isFalse();
    assertThat(r.falseAlarmResources()).containsExactly("probe_loss_ratio on path:central>edge-2",
        "LINK_LOSS on link:central~pop-1", "probe_loss_ratio on path:central>edge-1",
        "probe_loss_ratio on path:edge-1>central");
    assertThat(r.otherDetections()).containsExactly("probe_loss_ratio on node:edge-1/edge-1-gw");
  }

  @Test
  void aLinkDownIsLocatedByTheBgpSessionOverThatLinkOnly() {
    Played p = new Played(down, T0, T0.plusSeconds(20), T0.plusSeconds(1));
    NetnsReport r = NetnsScorer.score(2, 200, List.of(p), List.of(
        seen(2, fired("bgp-session:edge-2/edge-2/10.202.2.2")),
        seen(3, fired("bgp-session:edge-2/edge-2/10.201.2.2"))), POP1, T0.minusSeconds(60));
    NetnsReport.FaultTimes f = r.faults().get(0);
    assertThat(f.timeToDetect()).isEqualTo(3.0);
    assertThat(f.timeToLocate()).isEqualTo(3.0);
    assertThat(f.verified()).isFalse();
    assertThat(r.falseAlarmResources()).containsExactly("probe_loss_ratio on bgp-session:edge-2/edge-2/10.202.2.2");
  }

  @Test
  void whatHappenedBeforeEveryEdgeWasUpIsStartUpNotAFalseAlarm() {
    Played p = new Played(loss, T0.plusSeconds(30), T0.plusSeconds(50), null);
    Detection peerNotUpYet = new Detection(null, "central", T0.minusSeconds(1), "probe-path-dead", "probe_loss_ratio",
        Map.of(), "path:central>edge-2", Detection.State.FIRING, 1, 0, 1, null);
    NetnsReport r = NetnsScorer.score(2, 200, List.of(p), List.of(seen(1, peerNotUpYet),
        seen(2, fired("path:central>edge-2"))), POP1, T0);
    assertThat(r.falseAlarmResources()).containsExactly("probe_loss_ratio on path:central>edge-2");
    assertThat(r.faults().get(0).detected()).isFalse();
  }

  @Test
  void theRestoreIsTimedFromTheFaultsEndAndARerouteLeftInPlaceIsLeftBehind() {
    Played p = new Played(loss, T0, T0.plusSeconds(20), T0.plusSeconds(9));
    Action reroute = action(ActionKind.REROUTE, "link:edge-1~pop-1", Map.of("avoid", "edge-1~pop-1"));
    List<Seen> seen = List.of(seen(3, fired("path:central>edge-1")), seen(6, diagnosis("link:edge-1~pop-1")),
        seen(7, event(reroute, ActionState.APPLIED)),
        seen(40, event(action(ActionKind.RESTORE, "link:edge-2~pop-1", Map.of("link", "edge-2~pop-1")),
            ActionState.VERIFIED)));
    NetnsReport notRestored = NetnsScorer.score(2, 200, List.of(p), seen, POP1, T0.minusSeconds(60), List.of());
    assertThat(notRestored.faults().get(0).timeToRestore()).as("another link's restore is not this one's").isNull();
    assertThat(notRestored.nothingLeftBehind()).as("rerouted and never restored").isFalse();

    List<Seen> restored = new java.util.ArrayList<>(seen);
    restored.add(seen(52, event(action(ActionKind.RESTORE, "link:edge-1~pop-1", Map.of("link", "edge-1~pop-1")),
        ActionState.VERIFIED)));
    restored.add(seen(26, alarm("link:edge-1~pop-1", Alarm.State.CLEARED)));
    NetnsReport r = NetnsScorer.score(2, 200, List.of(p), restored, POP1, T0.minusSeconds(60), List.of());
    assertThat(r.faults().get(0).timeToRestore()).as("from the fault's end, 20 s").isEqualTo(32.0);
    assertThat(r.faults().get(0).timeToClear()).isEqualTo(6.0);
    assertThat(r.nothingLeftBehind()).isTrue();

    List<Seen> clearedEarly = new java.util.ArrayList<>(restored);
    clearedEarly.add(4, seen(15, alarm("link:edge-1~pop-1", Alarm.State.CLEARED)));
    NetnsReport early = NetnsScorer.score(2, 200, List.of(p), clearedEarly, POP1, T0.minusSeconds(60), List.of());
    assertThat(early.faults().get(0).timeToClear()).as("cleared while still lossy").isEqualTo(-5.0);
    assertThat(early.nothingLeftBehind()).isFalse();
    assertThat(NetnsScorer.score(2, 200, List.of(p), restored, POP1, T0.minusSeconds(60),
        List.of("pop-1: neighbor 10.201.1.1 route-map sextant-avoid-10_201_1_1-in in")).nothingLeftBehind())
        .as("the network still rerouted").isFalse();
  }

  private static Alarm alarm(String resource, Alarm.State state) {
    return new Alarm(Alarm.idFor(resource, "transmissionError", T0), "central", T0, resource, "transmissionError",
        "loss", io.sextant.common.model.EventType.COMMUNICATIONS_ALARM, io.sextant.common.model.Severity.CRITICAL,
        state, Alarm.AckState.UNACKNOWLEDGED, true, null, List.of(), T0, null, 1, "link-localizer", Map.of());
  }

  private static Action action(ActionKind kind, String target, Map<String, String> params) {
    return new Action(null, "central", T0, kind, target, params, "reroute-lossy-link-frr", "dia-1", null);
  }

  private static ActionEvent event(Action a, ActionState state) {
    return new ActionEvent(null, "central", T0, a, state, null);
  }

  @Test
  void aGpuNodeFailureIsDetectedByTheGpuRulesOnItsNodeLocatedByTheDiagnosisAndVerifiedOnTheMigration() {
    NetnsFault gpu = NetnsFault.gpuNodeFailure(2);
    Played p = new Played(gpu, T0, T0.plusSeconds(40), T0.plusSeconds(2));
    String node = "node:edge-1/gpu-node-1";
    io.sextant.common.model.Action migrate = new io.sextant.common.model.Action("act-1", "edge-1", T0,
        io.sextant.common.model.ActionKind.MIGRATE, node, Map.of("to", "edge-1/gpu-node-2"), "rb", "dia", null);
    NetnsReport r = NetnsScorer.score(2, 200, List.of(p), List.of(
        seen(1, gpuFired(node, "DCGM_FI_DEV_XID_ERRORS")),
        seen(1, fired("service:edge-1/inference")), // the workload's readiness: another detection
        seen(2, new Diagnosis(null, "central", T0, FaultKind.GPU_NODE_FAILURE, node, 0.95, List.of(), Map.of(), "t")),
        seen(3, gpuFired("node:edge-1/gpu-node-2", "dcgm_gpu_present")),
        seen(8, new io.sextant.common.model.ActionEvent(null, "central", T0, migrate,
            io.sextant.common.model.ActionState.VERIFIED, "ok"))), POP1, T0.minusSeconds(60));
    NetnsReport.FaultTimes f = r.faults().get(0);
    assertThat(f.target()).isEqualTo(node);
    assertThat(f.timeToDetect()).isEqualTo(1.0);
    assertThat(f.timeToLocate()).isEqualTo(2.0);
    assertThat(f.timeToProtect()).isEqualTo(2.0);
    assertThat(f.timeToVerify()).isEqualTo(8.0);
    assertThat(f.repairAction()).isEqualTo("act-1");
    assertThat(r.falseAlarmResources()).as("a GPU rule on the healthy node")
        .containsExactly("dcgm_gpu_present on node:edge-1/gpu-node-2");
    assertThat(r.otherDetections()).containsExactly("probe_loss_ratio on service:edge-1/inference");
  }

  private static Detection gpuFired(String resource, String metric) {
    return new Detection(null, "edge-1", T0, "threshold:gpu-xid", metric, Map.of(), resource,
        Detection.State.FIRING, 79, 1, 1, null);
  }

  @Test
  void anOscillationIsLocatedByItsSessionProtectedOnFrrAndRestoredAfterTheFlappingStopped() {
    NetnsFault osc = NetnsFault.oscillation("bgp-oscillation", "edge-2", Duration.ZERO, Duration.ofSeconds(20));
    Played p = new Played(osc, T0, T0.plusSeconds(20), T0.plusSeconds(7));
    String session = "bgp-session:edge-2/edge-2/10.204.2.2";
    io.sextant.common.model.Action reroute = new io.sextant.common.model.Action("act-1", "edge-2", T0.plusSeconds(6),
        io.sextant.common.model.ActionKind.REROUTE, session, Map.of("session", "10.204.2.2"),
        "protect-flapping-bgp-session", "det-1", null);
    NetnsReport r = NetnsScorer.score(2, 200, List.of(p), List.of(
        seen(4, fired("bgp-prefix:edge-2/edge-2/10.210.2.0/24")),
        seen(5, fired(session)),
        seen(6, event(reroute, io.sextant.common.model.ActionState.APPLIED)),
        seen(9, event(reroute, io.sextant.common.model.ActionState.VERIFIED)),
        seen(38, event(reroute, io.sextant.common.model.ActionState.REVERTED)),
        seen(8, fired("bgp-session:edge-1/edge-1/10.204.1.2"))), POP1, T0.minusSeconds(60));
    NetnsReport.FaultTimes f = r.faults().get(0);
    assertThat(f.target()).isEqualTo(session);
    assertThat(f.timeToDetect()).isEqualTo(4.0);
    assertThat(f.timeToLocate()).as("the session named").isEqualTo(5.0);
    assertThat(f.timeToProtect()).isEqualTo(7.0);
    assertThat(f.timeToVerify()).isEqualTo(9.0);
    assertThat(f.repairAction()).isEqualTo("act-1");
    assertThat(f.note()).contains("18.0 s after the flapping stopped");
    assertThat(f.timeToRestore()).isEqualTo(18.0);
    assertThat(r.nothingLeftBehind()).isTrue();
    assertThat(r.falseAlarmResources()).containsExactly("probe_loss_ratio on bgp-session:edge-1/edge-1/10.204.1.2");
  }

  private static Seen seen(long seconds, io.sextant.common.model.Message m) {
    return new Seen(T0.plusSeconds(seconds), m);
  }

  private static Detection fired(String resource) {
    return new Detection(null, "edge-1", T0, "test", "probe_loss_ratio", Map.of(), resource, Detection.State.FIRING,
        0.05, 0, 1, null);
  }

  private static Diagnosis diagnosis(String target) {
    return new Diagnosis(null, "central", T0, FaultKind.LINK_LOSS, target, 0.9, List.of(), Map.of(), "test");
  }
}
