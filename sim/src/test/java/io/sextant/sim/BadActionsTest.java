package io.sextant.sim;

import static io.sextant.sim.ActuatorTest.action;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.action.ActionResult;
import io.sextant.common.model.Action;
import io.sextant.common.model.ActionKind;
import io.sextant.common.topology.Link;
import io.sextant.common.topology.Path;
import io.sextant.common.topology.Site;
import io.sextant.common.topology.Topology;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad actions fail with a reason, say they are not worth retrying, and change nothing. */
class BadActionsTest {
  private static final CloudSpec SPEC = CloudSpec.defaults();
  private static final Instant T = SPEC.start().plus(Duration.ofHours(1));

  static Stream<Arguments> badActions() {
    String unused = TopologyGenerator.generate(SPEC).links().stream()
        .filter(l -> l.cost() == 3).findFirst().orElseThrow().id();
    return Stream.of(
        Arguments.of("unknown service", action(ActionKind.SCALE_OUT, "service:edge-9/web", T, "replicas", "3"), "unknown service"),
        Arguments.of("target of the wrong kind", action(ActionKind.SCALE_OUT, "node:edge-1/n1", T, "replicas", "3"), "service:<id>"),
        Arguments.of("replicas not a number", action(ActionKind.SCALE_OUT, "service:edge-1/web", T, "replicas", "many"), "integer"),
        Arguments.of("zero replicas", action(ActionKind.SCALE_OUT, "service:edge-1/web", T, "replicas", "0"), "> 0"),
        Arguments.of("replicas missing", action(ActionKind.SCALE_OUT, "service:edge-1/web", T), "'replicas'"),
        Arguments.of("reroute unknown link", action(ActionKind.REROUTE, "link:pop-1~pop-99", T, "avoid", "pop-1~pop-99"), "unknown link"),
        Arguments.of("reroute avoid unknown", action(ActionKind.REROUTE, "link:pop-1~pop-2", T, "avoid", "nope"), "'avoid'"),
        Arguments.of("reroute avoid missing", action(ActionKind.REROUTE, "link:pop-1~pop-2", T), "'avoid'"),
        Arguments.of("reroute a link no path crosses", action(ActionKind.REROUTE, "link:" + unused, T, "avoid", unused), "no path"),
        Arguments.of("migrate unknown node", action(ActionKind.MIGRATE, "node:edge-1/gpu9", T, "to", "edge-1/gpu2"), "unknown node"),
        Arguments.of("migrate to unknown node", action(ActionKind.MIGRATE, "node:edge-1/gpu1", T, "to", "edge-1/gpu9"), "'to'"),
        Arguments.of("migrate onto itself", action(ActionKind.MIGRATE, "node:edge-1/gpu1", T, "to", "edge-1/gpu1"), "itself"),
        Arguments.of("migrate a GPU service to a CPU node", action(ActionKind.MIGRATE, "node:edge-1/gpu1", T, "to", "edge-1/n3"), "no GPU"),
        Arguments.of("migrate an empty node", action(ActionKind.MIGRATE, "node:edge-1/n3", T, "to", "edge-1/n2"), "no service"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badActions")
  void failsWithAReasonAndChangesNothing(String name, Action bad, String reason) {
    SimulatedCloud cloud = new SimulatedCloud(SPEC, FaultSchedule.none());
    Topology before = cloud.topology();

    ActionResult result = cloud.apply(bad);

    assertThat(result.ok()).isFalse();
    assertThat(result.retryable()).isFalse();
    assertThat(result.detail()).contains(reason);
    assertThat(cloud.topology()).isEqualTo(before);
    assertThat(cloud.appliedActions()).isEmpty();
  }

  @Test
  void migratingOntoAFailedGpuFailsButMayBeRetried() {
    Fault spareDown = Fault.gpuNodeFailure("f", "edge-1/gpu2", T, Duration.ofMinutes(10));
    SimulatedCloud cloud = new SimulatedCloud(SPEC, FaultSchedule.of(spareDown));

    ActionResult during = cloud.apply(action(ActionKind.MIGRATE, "node:edge-1/gpu1", T, "to", "edge-1/gpu2"));
    ActionResult after = cloud.apply(action(ActionKind.MIGRATE, "node:edge-1/gpu1", spareDown.end(), "to", "edge-1/gpu2"));

    assertThat(during.ok()).isFalse();
    assertThat(during.retryable()).isTrue();
    assertThat(during.detail()).contains("edge-1/gpu2", "failed");
    assertThat(after.ok()).isTrue();
  }

  @Test
  void rerouteFailsWhenNoRouteAvoidsTheLink() {
    List<Site> sites = List.of(new Site("central", Site.Kind.CENTRAL), new Site("edge-1", Site.Kind.EDGE));
    List<Link> links = List.of(new Link("central~pop-1", "central", "pop-1", 2, 1),
        new Link("edge-1~pop-1", "edge-1", "pop-1", 2, 1));
    List<Path> paths = List.of(new Path("central", "edge-1", List.of("central~pop-1", "edge-1~pop-1")),
        new Path("edge-1", "central", List.of("edge-1~pop-1", "central~pop-1")));
    Topology singleHomed = new Topology(sites, List.of("pop-1"), List.of(), links, paths, List.of());
    SimulatedCloud cloud = new SimulatedCloud(SPEC, singleHomed, FaultSchedule.none());

    ActionResult result = cloud.apply(action(ActionKind.REROUTE, "link:edge-1~pop-1", T, "avoid", "edge-1~pop-1"));

    assertThat(result.ok()).isFalse();
    assertThat(result.retryable()).isFalse();
    assertThat(result.detail()).contains("no route");
    assertThat(cloud.topology()).isEqualTo(singleHomed);
  }

  @Test
  void rollingBackAnActionNeverAppliedFails() {
    SimulatedCloud cloud = new SimulatedCloud(SPEC, FaultSchedule.none());

    ActionResult result = cloud.rollback(action(ActionKind.SCALE_OUT, "service:edge-1/web", T, "replicas", "3"));

    assertThat(result.ok()).isFalse();
    assertThat(result.detail()).contains("not applied");
  }
}
