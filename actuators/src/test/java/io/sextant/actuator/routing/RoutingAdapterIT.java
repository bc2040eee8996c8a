package io.sextant.actuator.routing;

import static io.sextant.testkit.netns.TwoSites.R2_VIA_A;
import static io.sextant.testkit.netns.TwoSites.R2_VIA_B;
import static io.sextant.testkit.netns.TwoSites.SITE1;
import static io.sextant.testkit.netns.TwoSites.SITE2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sextant.actuator.ActuatorSettings;
import io.sextant.actuator.Actuators;
import io.sextant.actuator.CallLog;
import io.sextant.actuator.Counters;
import io.sextant.actuator.routing.RoutingSettings.RoutedLink;
import io.sextant.common.action.ActionResult;
import io.sextant.common.action.Actuator;
import io.sextant.common.action.Step;
import io.sextant.common.action.UnwiredActuator;
import io.sextant.common.frr.BgpPath;
import io.sextant.common.frr.FrrJson;
import io.sextant.common.frr.Vtysh;
import io.sextant.common.model.Action;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionKind;
import io.sextant.common.netns.FrrRouter;
import io.sextant.common.netns.NetLab;
import io.sextant.testkit.netns.NetLabs;
import io.sextant.testkit.netns.TwoSites;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The routing adapter on real FRR, reached as a node reaches it ({@code actuators.routing}, a
 * runbook's {@code routing:reroute} step through the dispatcher): REROUTE off link a moves both directions to the standby link b
 * (r1's own choice by local preference, r2's by the AS path r1 prepends), undo moves them back;
 * avoiding the standby link for a while leaves its own route maps as they were after the undo;
 * with b down there is nowhere to go, and the step fails with the change taken off. Every check
 * reads FRR's own JSON, independently of what the adapter reported.
 */
class RoutingAdapterIT {
  private static final String LINK = "edge-1~edge-2";
  private static final String STANDBY = "edge-1~edge-2-standby";

  @BeforeAll
  static void peers() {
    NetLabs.require();
  }

  @Test
  void reroutesOffALinkAndBackReadFromFrr() {
    try (NetLab lab = NetLab.open()) {
      TwoSites net = TwoSites.build(lab, false);
      awaitBest(net.r1(), SITE2, R2_VIA_A);
      awaitBest(net.r2(), SITE1, "10.0.1.1");
      // Through the node's own wiring: actuators.routing, the dispatcher, the step the runbook names.
      List<ActionEvent> audit = new CopyOnWriteArrayList<>();
      Actuators actuators = Actuators.open(new ActuatorSettings(null, Map.of(), null, null, List.of(),
          settings(net)), "edge-1", Clock.systemUTC(), audit::add, new UnwiredActuator(null), UnwiredActuator::empty);
      Actuator adapter = actuators.actuator();
      Action reroute = new Action(null, "edge-1", Instant.now(), ActionKind.REROUTE, "link:" + LINK,
          Map.of("avoid", LINK, Step.PARAM, "routing:reroute"), "reroute-link", "alarm-1", null);

      ActionResult applied = adapter.apply(reroute);
      assertThat(applied.ok()).as(applied.detail()).isTrue();
      assertThat(applied.detail()).contains("best path now via " + R2_VIA_B);
      assertThat(best(net.r1(), SITE2).peer()).isEqualTo(R2_VIA_B); // done means done: no waiting here
      awaitBest(net.r2(), SITE1, "10.0.2.1");                        // the far side follows the prepend

      ActionResult again = adapter.apply(reroute); // a retried step changes nothing
      assertThat(again.ok()).as(again.detail()).isTrue();

      ActionResult undone = adapter.rollback(reroute);
      assertThat(undone.ok()).as(undone.detail()).isTrue();
      assertThat(undone.detail()).contains("back via " + R2_VIA_A);
      assertThat(best(net.r1(), SITE2).peer()).isEqualTo(R2_VIA_A);
      awaitBest(net.r2(), SITE1, "10.0.1.1");
      assertThat(net.r1().vtysh("show running-config")).doesNotContain("sextant-avoid")
          .contains("neighbor 10.0.2.2 route-map standby-in in"); // the standby link's own policy untouched

      // Avoiding the standby link replaces its own route maps for a while; undo puts them back.
      Action offStandby = new Action(null, "edge-1", Instant.now(), ActionKind.REROUTE, "link:" + STANDBY,
          Map.of(Step.PARAM, "routing:reroute"), "reroute-link", "alarm-3", null);
      assertThat(adapter.apply(offStandby).ok()).isTrue();
      assertThat(net.r1().vtysh("show running-config")).contains("neighbor 10.0.2.2 route-map sextant-avoid-in-10_0_2_2 in");
      assertThat(adapter.rollback(offStandby).ok()).isTrue();
      assertThat(net.r1().vtysh("show running-config")).doesNotContain("sextant-avoid")
          .contains("neighbor 10.0.2.2 route-map standby-in in", "neighbor 10.0.2.2 route-map standby-out out");
      assertThat(actuators.counters().snapshot()).isEmpty();
      assertThat(audit).filteredOn(e -> e.action().id().equals(reroute.id())).hasSize(3)
          .anySatisfy(e -> assertThat(e.detail()).contains("best path now via " + R2_VIA_B));
    }
  }

  @Test
  void failsAndTakesTheChangeOffWhenFrrHasNoOtherPath() {
    try (NetLab lab = NetLab.open()) {
      TwoSites net = TwoSites.build(lab, false);
      awaitBest(net.r1(), SITE2, R2_VIA_A);
      net.b().set(false);
      await().atMost(Duration.ofSeconds(15)).until(() -> FrrJson.paths(
          net.r1().vtysh("show bgp ipv4 unicast " + SITE2 + " json"), SITE2).size() == 1);
      Counters counters = new Counters();
      Action reroute = new Action(null, "edge-1", Instant.now(), ActionKind.REROUTE, "link:" + LINK, Map.of(),
          "reroute-link", "alarm-2", null);

      ActionResult r = adapter(net, counters).apply(reroute, "reroute");

      assertThat(r.ok()).isFalse();
      assertThat(r.detail()).contains("no best path avoiding " + LINK).contains("change taken off");
      assertThat(counters.get("routing_not_moved")).isEqualTo(1);
      assertThat(net.r1().vtysh("show running-config")).doesNotContain("sextant-avoid");
      assertThat(best(net.r1(), SITE2).peer()).isEqualTo(R2_VIA_A);
    }
  }

  private static RoutingSettings settings(TwoSites net) {
    return new RoutingSettings(new Vtysh(Vtysh.DEFAULT_PROGRAM, net.r1().socketDir(), null, null),
        RoutingSettings.DEFAULT_LOCAL_PREFERENCE, RoutingSettings.DEFAULT_PREPEND, Duration.ofSeconds(5),
        Map.of(LINK, new RoutedLink(R2_VIA_A, SITE2), STANDBY, new RoutedLink(R2_VIA_B, SITE2)), List.of());
  }

  private static RoutingAdapter adapter(TwoSites net, Counters counters) {
    return new RoutingAdapter(settings(net), Clock.systemUTC(), CallLog.discard(Clock.systemUTC()), counters);
  }

  private static BgpPath best(FrrRouter r, String prefix) {
    return FrrJson.paths(r.vtysh("show bgp ipv4 unicast " + prefix + " json"), prefix).stream()
        .filter(BgpPath::best).findFirst().orElseThrow(() -> new AssertionError("no best path to " + prefix));
  }

  private static void awaitBest(FrrRouter r, String prefix, String peer) {
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
        .untilAsserted(() -> assertThat(best(r, prefix).peer()).isEqualTo(peer));
  }
}
