package io.sextant.deploy.lab.netns;

import static org.assertj.core.api.Assertions.assertThat;

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
    assertThat(r.falseAlarmResources()).containsExactly("probe_loss_ratio on bgp-session:edge-1/edge-1/10.204.1.2");
  }

  private static io.sextant.common.model.ActionEvent event(io.sextant.common.model.Action a,
      io.sextant.common.model.ActionState state) {
    return new io.sextant.common.model.ActionEvent(null, a.site(), T0, a, state, "test");
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
