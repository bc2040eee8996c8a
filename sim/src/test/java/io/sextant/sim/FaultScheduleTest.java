package io.sextant.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.common.model.FaultKind;
import io.sextant.common.topology.Topology;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FaultScheduleTest {

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 7, 42, 1234})
  void defaultScheduleHasThreeTenMinuteFaultsAtTheAgreedTimes(long seed) {
    CloudSpec spec = CloudSpec.defaults().withSeed(seed);
    Topology t = TopologyGenerator.generate(spec);
    FaultSchedule schedule = FaultSchedule.defaultFor(spec, t);
    Instant base = spec.start().plus(spec.warmup());

    assertThat(schedule.faults()).extracting(Fault::kind)
        .containsExactly(FaultKind.LINK_LOSS, FaultKind.GPU_NODE_FAILURE, FaultKind.CPU_SATURATION);
    int[] offsets = {10, 25, 40};
    for (int i = 0; i < 3; i++) {
      Fault f = schedule.faults().get(i);
      Instant earliest = base.plus(Duration.ofMinutes(offsets[i]));
      assertThat(f.start()).isBetween(earliest, earliest.plusSeconds(60));
      assertThat(Duration.between(f.start(), f.end())).isEqualTo(Duration.ofMinutes(10));
    }
    Fault loss = schedule.faults().get(0);
    assertThat(TopologyGenerator.identifiableLinks(t)).contains(loss.targetId());
    assertThat(t.pathsCrossing(loss.targetId())).isNotEmpty();
    assertThat(loss.magnitude()).isBetween(0.08, 0.15);
    assertThat(schedule.faults().get(1).target()).matches("node:edge-\\d+/gpu1");
    assertThat(schedule.faults().get(2).target()).matches("service:edge-\\d+/(web|api)");
    assertThat(schedule.end()).contains(schedule.faults().get(2).end().plus(Duration.ofMinutes(5)));
    assertThat(FaultSchedule.defaultFor(spec, t)).isEqualTo(schedule);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 7, 42})
  void theDemoAddsADependencyFaultBesideTheFirstWithoutLengtheningTheRun(long seed) {
    CloudSpec spec = CloudSpec.defaults().withSeed(seed).withEdgeSites(3);
    Topology t = TopologyGenerator.generate(spec);
    FaultSchedule defaults = FaultSchedule.defaultFor(spec, t);
    FaultSchedule demo = FaultSchedule.demoFor(spec, t);

    assertThat(demo.faults()).containsAll(defaults.faults()).hasSize(4);
    Fault slow = demo.faults().stream().filter(f -> f.kind() == FaultKind.SERVICE_SLOW).findFirst().orElseThrow();
    Instant earliest = spec.start().plus(spec.warmup()).plus(Duration.ofMinutes(10));
    assertThat(slow.start()).isBetween(earliest, earliest.plusSeconds(60));
    assertThat(slow.target()).matches("service:edge-\\d+/api");
    String site = slow.targetId().substring(0, slow.targetId().indexOf('/'));
    assertThat(defaults.faults().get(1).targetId()).startsWith(site + "/");
    assertThat(defaults.faults().get(2).targetId()).doesNotStartWith(site + "/");
    assertThat(demo.end()).isEqualTo(defaults.end());
    // its ground truth: the API and the web that calls it
    assertThat(GroundTruth.of(demo, t).affected(slow)).containsExactlyInAnyOrder("service:" + site + "/api",
        "service:" + site + "/web");
  }

  @Test
  void seedsChooseDifferentSchedules() {
    Set<FaultSchedule> seen = new HashSet<>();
    for (long seed = 1; seed <= 5; seed++) {
      CloudSpec spec = CloudSpec.defaults().withSeed(seed);
      seen.add(FaultSchedule.defaultFor(spec, TopologyGenerator.generate(spec)));
    }

    assertThat(seen).hasSizeGreaterThan(1);
  }

  @Test
  void aSingleEdgeSiteStillGetsALinkFaultOnACrossedLink() {
    CloudSpec spec = CloudSpec.defaults().withEdgeSites(1);
    Topology t = TopologyGenerator.generate(spec);

    Fault loss = FaultSchedule.defaultFor(spec, t).faults().get(0);

    assertThat(t.pathsCrossing(loss.targetId())).isNotEmpty();
  }

  @Test
  void emptyScheduleHasNoEndAndNoActiveFault() {
    FaultSchedule none = FaultSchedule.none();

    assertThat(none.end()).isEmpty();
    assertThat(none.activeAt(CloudSpec.DEFAULT_START)).isEmpty();
  }

  @Test
  void faultIsActiveFromStartInclusiveToEndExclusive() {
    Instant s = CloudSpec.DEFAULT_START;
    Fault f = Fault.linkLoss("f", "pop-1~pop-2", s, Duration.ofMinutes(1), 0.1);
    FaultSchedule schedule = FaultSchedule.of(f);

    assertThat(f.isActiveAt(s.minusNanos(1))).isFalse();
    assertThat(f.isActiveAt(s)).isTrue();
    assertThat(f.isActiveAt(f.end().minusNanos(1))).isTrue();
    assertThat(f.isActiveAt(f.end())).isFalse();
    assertThat(schedule.activeOn(FaultKind.LINK_LOSS, "link:pop-1~pop-2", s)).contains(f);
    assertThat(schedule.activeOn(FaultKind.LINK_LOSS, "link:pop-2~pop-3", s)).isEmpty();
  }

  @Test
  void faultsAreValidated() {
    Instant s = CloudSpec.DEFAULT_START;
    assertThatThrownBy(() -> new Fault("f", FaultKind.LINK_LOSS, "node:x", s, s.plusSeconds(1), 0.1))
        .hasMessageContaining("link:<id>");
    assertThatThrownBy(() -> new Fault("f", FaultKind.LINK_LOSS, "link:x", s, s, 0.1))
        .hasMessageContaining("before end");
    assertThatThrownBy(() -> new Fault("f", FaultKind.LINK_LOSS, "link:x", s, s.plusSeconds(1), 1.5))
        .hasMessageContaining("magnitude");
    assertThatThrownBy(() -> new Fault("f", FaultKind.CPU_SATURATION, "service:x", s, s.plusSeconds(1), 0.5))
        .hasMessageContaining("magnitude");
    Fault a = Fault.gpuNodeFailure("dup", "x", s, Duration.ofMinutes(1));
    assertThatThrownBy(() -> FaultSchedule.of(a, a)).hasMessageContaining("unique");
  }
}
