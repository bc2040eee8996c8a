package io.sextant.alarm;

import static io.sextant.alarm.Timeline.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.alarm.notify.NotifyPolicy;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Alarm.State;
import io.sextant.common.model.EventType;
import io.sextant.common.model.FaultKind;
import io.sextant.common.model.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Timelines where a diagnosis groups symptom alarms under a root cause. */
class AlarmEngineCorrelationTest {
  static final String LINK = "link:pop-1~pop-2";
  static final String AB = "path:edge-1>edge-2";
  static final String AC = "path:edge-1>edge-3";
  static final String XY = "path:edge-4>edge-5";
  static final String LOSS = "probe_loss_ratio";
  static final String RTT = "probe_rtt_ms";

  final Timeline tl = new Timeline();

  void linkLossOnTwoPaths() {
    tl.fire(10, LOSS, AB);
    tl.fire(12, LOSS, AC);
    tl.fire(13, RTT, AB);
    tl.fire(14, LOSS, XY);
    tl.diagnose(30, FaultKind.LINK_LOSS, LINK, List.of(AB, AC), Map.of("loss_ratio", 0.12));
  }

  @Test
  void linkDiagnosisRaisesARootAndGroupsThePathAlarmsUnderIt() {
    linkLossOnTwoPaths();

    Alarm root = tl.alarm(LINK, "transmissionError", 30);
    Alarm lossAb = tl.alarm(AB, "transmissionError", 10);
    Alarm lossAc = tl.alarm(AC, "transmissionError", 12);
    Alarm rttAb = tl.alarm(AB, "performanceDegraded", 13);
    Alarm unrelated = tl.alarm(XY, "transmissionError", 14);
    assertThat(root.rootCause()).isTrue();
    assertThat(root.state()).isEqualTo(State.RAISED);
    assertThat(root.eventType()).isEqualTo(EventType.COMMUNICATIONS_ALARM);
    assertThat(root.perceivedSeverity()).isEqualTo(Severity.CRITICAL);
    assertThat(root.source()).isEqualTo("link-locator");
    assertThat(root.specificProblem())
        .isEqualTo("packet loss on inter-cloud link: estimated loss_ratio=0.12; confidence 0.93;"
            + " explains 2 symptom resources");
    assertThat(root.parentAlarmId()).isNull();
    assertThat(root.correlatedAlarmIds()).containsExactly(lossAb.id(), lossAc.id(), rttAb.id());
    assertThat(List.of(lossAb, lossAc, rttAb)).allSatisfy(a -> {
      assertThat(a.parentAlarmId()).isEqualTo(root.id());
      assertThat(a.rootCause()).isFalse();
      assertThat(NotifyPolicy.shouldNotify(a)).isFalse();
    });
    assertThat(unrelated.parentAlarmId()).isNull();
    assertThat(NotifyPolicy.shouldNotify(root)).isTrue();
    // One change for the root, then one per grouped symptom.
    assertThat(tl.changes.subList(4, tl.changes.size())).extracting(Alarm::id)
        .containsExactly(root.id(), lossAb.id(), lossAc.id(), rttAb.id());
  }

  @Test
  void aSymptomRaisedWhileTheRootIsOpenIsAttachedAtOnce() {
    linkLossOnTwoPaths();
    int before = tl.changes.size();

    tl.fire(40, RTT, AC);

    Alarm rttAc = tl.alarm(AC, "performanceDegraded", 40);
    Alarm root = tl.alarm(LINK, "transmissionError", 30);
    assertThat(rttAc.parentAlarmId()).isEqualTo(root.id());
    assertThat(root.correlatedAlarmIds()).endsWith(rttAc.id());
    assertThat(root.time()).isEqualTo(t(40));
    assertThat(tl.changes.subList(before, tl.changes.size())).containsExactly(rttAc, root);
  }

  @Test
  void aRootListsTheSymptomsOpenAtItsLastChangeNotEveryOneItEverHad() {
    linkLossOnTwoPaths();
    Alarm lossAb = tl.alarm(AB, "transmissionError", 10);
    Alarm lossAc = tl.alarm(AC, "transmissionError", 12);
    Alarm rttAb = tl.alarm(AB, "performanceDegraded", 13);
    tl.resolve(50, LOSS, AB);
    // A clear alone does not rewrite the root ...
    assertThat(tl.alarm(LINK, "transmissionError", 30).correlatedAlarmIds()).contains(lossAb.id());

    tl.fire(60, RTT, AC);

    // ... its next change leaves the cleared symptom out, and the cleared symptom keeps its parent.
    Alarm rttAc = tl.alarm(AC, "performanceDegraded", 60);
    Alarm root = tl.alarm(LINK, "transmissionError", 30);
    assertThat(root.correlatedAlarmIds()).containsExactly(lossAc.id(), rttAb.id(), rttAc.id());
    assertThat(tl.alarm(AB, "transmissionError", 10).parentAlarmId()).isEqualTo(root.id());
  }

  @Test
  void aRepeatedDiagnosisOnlyUpdatesTheRoot() {
    linkLossOnTwoPaths();
    int before = tl.changes.size();

    tl.diagnose(60, FaultKind.LINK_LOSS, LINK, List.of(AB, AC), Map.of("loss_ratio", 0.15));

    Alarm root = tl.alarm(LINK, "transmissionError", 30);
    assertThat(tl.engine.open()).filteredOn(Alarm::rootCause).containsExactly(root);
    assertThat(root.state()).isEqualTo(State.UPDATED);
    assertThat(root.count()).isEqualTo(2);
    assertThat(root.specificProblem()).contains("loss_ratio=0.15");
    assertThat(root.correlatedAlarmIds()).hasSize(3);
    assertThat(tl.changes.subList(before, tl.changes.size())).containsExactly(root);
  }

  @Test
  void aRootListsItsOpenSymptomsFromItsNextChangeOn() {
    linkLossOnTwoPaths();
    Alarm lossAb = tl.alarm(AB, "transmissionError", 10);
    Alarm lossAc = tl.alarm(AC, "transmissionError", 12);
    Alarm rttAb = tl.alarm(AB, "performanceDegraded", 13);
    int before = tl.changes.size();

    tl.resolve(50, LOSS, AB);
    assertThat(tl.changes.subList(before, tl.changes.size())).as("a clear alone does not rewrite the root")
        .extracting(Alarm::id).containsExactly(lossAb.id());

    tl.fire(60, RTT, AC); // joins: the root's change drops the cleared one
    Alarm rttAc = tl.alarm(AC, "performanceDegraded", 60);
    assertThat(tl.alarm(LINK, "transmissionError", 30).correlatedAlarmIds())
        .containsExactly(lossAc.id(), rttAb.id(), rttAc.id());

    tl.resolve(70, LOSS, AC);
    tl.resolve(71, RTT, AB);
    tl.fire(80, LOSS, AC); // the same key again: a new alarm, listed once, the cleared ones gone
    Alarm lossAcAgain = tl.alarm(AC, "transmissionError", 80);
    assertThat(tl.alarm(LINK, "transmissionError", 30).correlatedAlarmIds())
        .containsExactly(rttAc.id(), lossAcAgain.id());
  }

  @Test
  void aDiagnosedRootOutlivesItsSymptomsUntilCleared() {
    linkLossOnTwoPaths();
    tl.resolve(50, LOSS, AB);
    tl.resolve(51, LOSS, AC);
    tl.resolve(52, RTT, AB);

    Alarm root = tl.alarm(LINK, "transmissionError", 30);
    assertThat(root.cleared()).isFalse();

    Alarm cleared = tl.at(90).engine.clear(root.id(), "closed-loop");
    assertThat(cleared.state()).isEqualTo(State.CLEARED);
    assertThat(cleared.clearedTime()).isEqualTo(t(90));

    tl.fire(100, LOSS, AB);
    assertThat(tl.alarm(AB, "transmissionError", 100).parentAlarmId()).isNull();
  }

  @Test
  void gpuNodeDiagnosisUpgradesTheGpuAlarmToRootAndGroupsTheServiceAlarms() {
    String node = "node:gpu-1";
    String infer = "service:edge-1/infer";
    tl.fire(10, "node_gpu_up", node);
    tl.fire(12, "service_latency_ms", infer);
    tl.fire(13, "service_error_ratio", infer);
    Alarm raised = tl.alarm(node, "equipmentMalfunction", 10);
    assertThat(raised.eventType()).isEqualTo(EventType.EQUIPMENT_ALARM);
    assertThat(raised.perceivedSeverity()).isEqualTo(Severity.CRITICAL);

    tl.diagnose(20, FaultKind.GPU_NODE_FAILURE, node, List.of(infer), Map.of());

    Alarm root = tl.alarm(node, "equipmentMalfunction", 10);
    Alarm latency = tl.alarm(infer, "responseTimeExcessive", 12);
    Alarm errors = tl.alarm(infer, "softwareError", 13);
    assertThat(tl.engine.open()).hasSize(3);
    assertThat(root.rootCause()).isTrue();
    assertThat(root.state()).isEqualTo(State.UPDATED);
    assertThat(root.count()).isEqualTo(2);
    assertThat(root.source()).isEqualTo("link-locator");
    assertThat(root.labels()).containsEntry("probe", "p1").containsKey("diagnosis");
    assertThat(root.specificProblem()).startsWith("GPU node failure:");
    assertThat(root.correlatedAlarmIds()).containsExactly(latency.id(), errors.id());
    assertThat(latency.parentAlarmId()).isEqualTo(root.id());
    assertThat(errors.parentAlarmId()).isEqualTo(root.id());

    // A series-backed root clears when its series resolve.
    tl.resolve(60, "node_gpu_up", node);
    assertThat(tl.alarm(node, "equipmentMalfunction", 10).clearedTime()).isEqualTo(t(60));
  }

  @Test
  void cpuSaturationUpgradesTheServiceCpuAlarm() {
    String web = "service:edge-1/web";
    tl.fire(10, "service_cpu_utilization", web);
    tl.diagnose(20, FaultKind.CPU_SATURATION, web, List.of(web), Map.of("utilization", 0.97));

    Alarm root = tl.alarm(web, "cpuCyclesLimitExceeded", 10);
    assertThat(tl.engine.all()).containsExactly(root);
    assertThat(root.rootCause()).isTrue();
    assertThat(root.perceivedSeverity()).isEqualTo(Severity.MAJOR);
    assertThat(root.correlatedAlarmIds()).isEmpty();
    assertThat(root.parentAlarmId()).isNull();
  }

  @Test
  void aSymptomPromotedToRootLeavesItsFormerGroup() {
    String node = "node:gpu-1";
    tl.fire(10, "node_gpu_up", node);
    tl.diagnose(20, FaultKind.LINK_LOSS, LINK, List.of(node), Map.of());
    assertThat(tl.alarm(node, "equipmentMalfunction", 10).parentAlarmId())
        .isEqualTo(tl.alarm(LINK, "transmissionError", 20).id());

    tl.diagnose(30, FaultKind.GPU_NODE_FAILURE, node, List.of(), Map.of());

    Alarm gpu = tl.alarm(node, "equipmentMalfunction", 10);
    assertThat(gpu.rootCause()).isTrue();
    assertThat(gpu.parentAlarmId()).isNull();
    assertThat(tl.alarm(LINK, "transmissionError", 20).correlatedAlarmIds()).isEmpty();
  }

  @Test
  void aSymptomKeepsTheFirstRootThatExplainsIt() {
    linkLossOnTwoPaths();
    tl.diagnose(40, FaultKind.LINK_LOSS, "link:pop-2~pop-3", List.of(AB), Map.of());

    Alarm first = tl.alarm(LINK, "transmissionError", 30);
    Alarm second = tl.alarm("link:pop-2~pop-3", "transmissionError", 40);
    assertThat(tl.alarm(AB, "transmissionError", 10).parentAlarmId()).isEqualTo(first.id());
    assertThat(second.correlatedAlarmIds()).isEmpty();
  }
}
