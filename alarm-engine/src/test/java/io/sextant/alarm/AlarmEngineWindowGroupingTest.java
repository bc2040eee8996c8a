package io.sextant.alarm;

import static io.sextant.alarm.Timeline.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.alarm.correlate.WindowGrouping;
import io.sextant.alarm.notify.NotifyPolicy;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Detection;
import io.sextant.common.model.FaultKind;
import io.sextant.common.model.Labels;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Timelines where alarms with no topological tie are grouped by site and time. */
class AlarmEngineWindowGroupingTest {
  static final String LOSS = "probe_loss_ratio";
  static final String RTT = "probe_rtt_ms";
  static final String CPU = "node_cpu_utilization";

  final Timeline tl = new Timeline(WindowGrouping.bySite(Duration.ofSeconds(60)));

  void fireOn(int seconds, String site, String metric, String resource, Map<String, String> extra) {
    Map<String, String> labels = new java.util.TreeMap<>(extra);
    labels.put("resource", resource);
    tl.at(seconds).engine.onDetection(new Detection(null, site, t(seconds), "ewma", metric, labels, resource,
        Detection.State.FIRING, 1, 0, 5));
  }

  @Test
  void alarmsOnOneSiteWithinTheWindowGroupUnderTheFirst() {
    tl.fire(0, LOSS, "path:a>b");
    tl.fire(20, RTT, "path:c>d");
    tl.fire(60, CPU, "node-7");
    fireOn(30, "edge-2", CPU, "node-9", Map.of());

    Alarm first = tl.alarm("path:a>b", "transmissionError", 0);
    Alarm second = tl.alarm("path:c>d", "performanceDegraded", 20);
    Alarm third = tl.alarm("node-7", "cpuCyclesLimitExceeded", 60);
    Alarm otherSite = tl.alarm("node-9", "cpuCyclesLimitExceeded", 30);
    assertThat(first.parentAlarmId()).isNull();
    assertThat(first.correlatedAlarmIds()).containsExactly(second.id(), third.id());
    assertThat(first.rootCause()).as("grouped by time, not diagnosed").isFalse();
    assertThat(List.of(second, third)).allSatisfy(a -> {
      assertThat(a.parentAlarmId()).isEqualTo(first.id());
      assertThat(NotifyPolicy.shouldNotify(a)).isFalse();
    });
    assertThat(otherSite.parentAlarmId()).isNull();
    assertThat(otherSite.correlatedAlarmIds()).isEmpty();
  }

  @Test
  void theWindowIsFixedFromTheFirstAlarmSoALaterOneOpensANewGroup() {
    tl.fire(0, LOSS, "path:a>b");
    tl.fire(50, RTT, "path:c>d");
    tl.fire(61, CPU, "node-7");
    tl.fire(90, RTT, "path:e>f");

    Alarm first = tl.alarm("path:a>b", "transmissionError", 0);
    Alarm late = tl.alarm("node-7", "cpuCyclesLimitExceeded", 61);
    Alarm afterLate = tl.alarm("path:e>f", "performanceDegraded", 90);
    assertThat(first.correlatedAlarmIds()).hasSize(1);
    assertThat(late.parentAlarmId()).isNull();
    assertThat(afterLate.parentAlarmId()).isEqualTo(late.id());
  }

  @Test
  void aRootThatClearsReleasesItsOpenSymptoms() {
    tl.fire(0, LOSS, "path:a>b");
    tl.fire(10, RTT, "path:c>d");
    tl.resolve(40, LOSS, "path:a>b");

    Alarm root = tl.alarm("path:a>b", "transmissionError", 0);
    Alarm symptom = tl.alarm("path:c>d", "performanceDegraded", 10);
    assertThat(root.cleared()).isTrue();
    assertThat(symptom.parentAlarmId()).isNull();
    assertThat(symptom.time()).isEqualTo(t(40));
    assertThat(NotifyPolicy.shouldNotify(symptom)).isTrue();
    // After the root cleared, a new alarm within the old window starts afresh.
    tl.fire(50, CPU, "node-7");
    assertThat(tl.alarm("node-7", "cpuCyclesLimitExceeded", 50).parentAlarmId()).isNull();
  }

  @Test
  void anOperatorClearOfTheRootAlsoReleasesTheGroup() {
    tl.fire(0, LOSS, "path:a>b");
    tl.fire(10, RTT, "path:c>d");
    String rootId = tl.alarm("path:a>b", "transmissionError", 0).id();

    tl.at(30).engine.clear(rootId, "noc-anna");

    assertThat(tl.alarm("path:c>d", "performanceDegraded", 10).parentAlarmId()).isNull();
  }

  @Test
  void aDiagnosisTakesAWindowSymptomOverTopologyBeatsTiming() {
    tl.fire(0, CPU, "node-7");
    tl.fire(10, LOSS, "path:a>b");
    tl.fire(12, RTT, "path:c>d");
    tl.diagnose(30, FaultKind.LINK_LOSS, "link:x~y", List.of("path:a>b"), Map.of("loss_ratio", 0.1));

    Alarm windowRoot = tl.alarm("node-7", "cpuCyclesLimitExceeded", 0);
    Alarm linkRoot = tl.alarm("link:x~y", "transmissionError", 30);
    Alarm taken = tl.alarm("path:a>b", "transmissionError", 10);
    Alarm stays = tl.alarm("path:c>d", "performanceDegraded", 12);
    assertThat(taken.parentAlarmId()).isEqualTo(linkRoot.id());
    assertThat(linkRoot.correlatedAlarmIds()).containsExactly(taken.id());
    assertThat(windowRoot.correlatedAlarmIds()).containsExactly(stays.id());
    assertThat(stays.parentAlarmId()).isEqualTo(windowRoot.id());
    // The window root clearing must not touch the symptom the diagnosis took.
    tl.at(40).engine.clear(windowRoot.id(), "noc-anna");
    assertThat(tl.alarm("path:a>b", "transmissionError", 10).parentAlarmId()).isEqualTo(linkRoot.id());
    assertThat(tl.alarm("path:c>d", "performanceDegraded", 12).parentAlarmId()).isNull();
  }

  @Test
  void groupingByALabelSkipsAlarmsWithoutIt() {
    Timeline byRack = new Timeline(new WindowGrouping(Duration.ofSeconds(60), List.of("site", "rack")));
    Map<String, String> rack1 = Labels.of("rack", "r1");
    for (var d : List.of(
        new Detection(null, "edge-1", t(0), "ewma", CPU, Labels.of("rack", "r1", "n", "1"), "node-1",
            Detection.State.FIRING, 1, 0, 5),
        new Detection(null, "edge-1", t(5), "ewma", CPU, Labels.of("rack", "r2", "n", "2"), "node-2",
            Detection.State.FIRING, 1, 0, 5),
        new Detection(null, "edge-1", t(8), "ewma", CPU, Labels.of("n", "3"), "node-3",
            Detection.State.FIRING, 1, 0, 5),
        new Detection(null, "edge-1", t(9), "ewma", LOSS, rack1, "path:r1", Detection.State.FIRING, 1, 0, 5))) {
      byRack.at((int) Duration.between(t(0), d.time()).toSeconds()).engine.onDetection(d);
    }

    Alarm r1 = byRack.alarm("node-1", "cpuCyclesLimitExceeded", 0);
    assertThat(r1.correlatedAlarmIds()).containsExactly(byRack.alarm("path:r1", "transmissionError", 9).id());
    assertThat(byRack.alarm("node-2", "cpuCyclesLimitExceeded", 5).parentAlarmId()).isNull();
    assertThat(byRack.alarm("node-3", "cpuCyclesLimitExceeded", 8).parentAlarmId()).isNull();
  }

  @Test
  void offByDefault() {
    Timeline plain = new Timeline();
    plain.fire(0, LOSS, "path:a>b");
    plain.fire(1, RTT, "path:c>d");

    assertThat(plain.engine.open()).allSatisfy(a -> assertThat(a.parentAlarmId()).isNull());
  }
}
