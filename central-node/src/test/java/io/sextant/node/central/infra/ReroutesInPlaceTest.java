package io.sextant.node.central.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.action.ActionResult;
import io.sextant.common.action.Actuator;
import io.sextant.common.model.Action;
import io.sextant.common.model.ActionKind;
import io.sextant.common.topology.Topology;
import io.sextant.node.central.config.TopologyFile;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A live centre's probe paths follow the reroutes in place, and go back when one is rolled back or refused. */
class ReroutesInPlaceTest {
  static final Topology NET = TopologyFile.parse("""
      sites: [{id: c, kind: central}, e1, e2]
      routers: [p1, p2]
      links:
        - {a: c, b: p1, cost: 2}
        - {a: c, b: p2, cost: 3}
        - {a: e1, b: p1, cost: 2}
        - {a: e1, b: p2, cost: 3}
        - {a: e2, b: p1, cost: 2}
        - {a: e2, b: p2, cost: 3}
        - {a: p1, b: p2, cost: 2}
      """, "topology.yaml");

  boolean accept = true;
  final Actuator routers = new Actuator() {
    @Override
    public ActionResult apply(Action action) {
      return accept ? ActionResult.ok("moved") : ActionResult.failed("no other path", false);
    }

    @Override
    public ActionResult rollback(Action action) {
      return ActionResult.ok("back");
    }

    @Override
    public Topology topology() {
      return NET;
    }
  };

  @Test
  void pathsOverARerouteInPlaceTakeTheirLeastCostRouteAvoidingItUntilItIsRolledBack() {
    ReroutesInPlace live = new ReroutesInPlace(routers, NET);
    assertThat(live.topology().path("e2>e1").orElseThrow().links()).containsExactly("e2~p1", "e1~p1");

    Action reroute = reroute("e1~p1");
    live.apply(reroute);
    assertThat(live.topology().path("e2>e1").orElseThrow().links()).containsExactly("e2~p2", "e1~p2");
    assertThat(live.topology().path("c>e2").orElseThrow().links()).as("a path off the link stays")
        .containsExactly("c~p1", "e2~p1");
    assertThat(live.topology().pathsCrossing("e1~p1")).isEmpty();

    live.rollback(reroute);
    assertThat(live.topology().path("e2>e1").orElseThrow().links()).containsExactly("e2~p1", "e1~p1");
  }

  @Test
  void aRerouteTheRoutersRefusedChangesNoPath() {
    accept = false;
    ReroutesInPlace live = new ReroutesInPlace(routers, NET);
    live.apply(reroute("e1~p1"));
    assertThat(live.topology().path("e2>e1").orElseThrow().links()).containsExactly("e2~p1", "e1~p1");
  }

  private static Action reroute(String link) {
    return new Action("act-1", "central", Instant.EPOCH, ActionKind.REROUTE, "link:" + link, Map.of("avoid", link),
        "reroute", "dia-1", null);
  }
}
