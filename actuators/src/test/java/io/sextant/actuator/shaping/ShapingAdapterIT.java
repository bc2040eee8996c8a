package io.sextant.actuator.shaping;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.actuator.ActuatorSettings;
import io.sextant.actuator.Actuators;
import io.sextant.common.action.ActionResult;
import io.sextant.common.action.Actuator;
import io.sextant.common.action.Step;
import io.sextant.common.action.UnwiredActuator;
import io.sextant.common.link.LinkInterface;
import io.sextant.common.link.Tc;
import io.sextant.common.model.Action;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionKind;
import io.sextant.common.netns.NetLab;
import io.sextant.common.netns.Netns;
import io.sextant.testkit.netns.NetLabs;
import io.sextant.testkit.netns.ShapedLink;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shaping adapter on a real link between two namespaces, reached as a node reaches it
 * ({@code actuators.tc}, a BANDWIDTH action's {@code tc:rate} step through the dispatcher): a link
 * shaped at 20 Mbit/s and saturated by a UDP sender measures ~20 Mbit/s; the action raises it to
 * 40, tc reads back 40 and the measured throughput rises well above 20; the rollback puts 20 back
 * and the throughput falls to it again. Throughput is the interface's own byte counter, never
 * what the adapter reported. Bad actions (unknown link, a rate above the ceiling, an interface
 * that does not exist) fail with a reason and a counter.
 */
class ShapingAdapterIT {
  private static final String LINK = "edge-1~edge-2";
  private static final long MBIT = ShapedLink.MBIT;

  @BeforeAll
  static void peers() {
    NetLabs.require();
  }

  @Test
  void raisesAShapedRateTheTrafficFollowsAndUndoes() throws Exception {
    try (NetLab lab = NetLab.open()) {
      ShapedLink link = ShapedLink.build(lab, 20);
      Netns s1 = link.sender();
      LinkInterface out = link.out();
      Tc tc = new Tc();

      List<ActionEvent> audit = new CopyOnWriteArrayList<>();
      ShapingSettings settings = new ShapingSettings(null, null, 1, 100, Map.of(LINK, out,
          "gone", new LinkInterface(s1.id(), "nosuch0")), null);
      Actuators actuators = Actuators.open(new ActuatorSettings(null, Map.of(), null, null, List.of(), null,
          settings), "edge-1", Clock.systemUTC(), audit::add, new UnwiredActuator(null), UnwiredActuator::empty);
      Actuator adapter = actuators.actuator();

      Process blast = link.blast(0, 30); // as fast as it goes: the shaper limits
      try {
        double before = saturatedBps(tc, out, 0.85 * 20 * MBIT);
        assertThat(before / (20 * MBIT)).as("utilisation at 20 Mbit/s: %.1f Mbit/s", before / MBIT)
            .isBetween(0.85, 1.05);

        Action raise = new Action(null, "edge-1", Instant.now(), ActionKind.BANDWIDTH, "link:" + LINK,
            Map.of("mbps", "40", "from", "20", Step.PARAM, "tc:rate"), "elastic-bandwidth-tc", "det-1", null);
        ActionResult applied = adapter.apply(raise);
        assertThat(applied.ok()).as(applied.detail()).isTrue();
        assertThat(tc.rateBps(out)).isEqualTo(OptionalLong.of(40 * MBIT));
        double after = saturatedBps(tc, out, 30.0 * MBIT);
        assertThat(after).as("throughput at 40 Mbit/s: %.1f Mbit/s", after / MBIT).isGreaterThan(30.0 * MBIT)
            .isLessThan(42.0 * MBIT);

        ActionResult undone = adapter.rollback(raise);
        assertThat(undone.ok()).as(undone.detail()).isTrue();
        assertThat(tc.rateBps(out)).isEqualTo(OptionalLong.of(20 * MBIT));
        double back = throughputBps(tc, out);
        assertThat(back).as("throughput back at 20: %.1f Mbit/s", back / MBIT).isLessThan(21.0 * MBIT);
        System.out.printf("shaped link: %.1f Mbit/s at 20, %.1f at 40, %.1f after undo%n", before / MBIT,
            after / MBIT, back / MBIT);
      } finally {
        blast.destroyForcibly().waitFor();
      }

      ActionResult tooHigh = adapter.apply(new Action(null, "edge-1", Instant.now(), ActionKind.BANDWIDTH,
          "link:" + LINK, Map.of("mbps", "400", Step.PARAM, "tc:rate"), "elastic-bandwidth-tc", "det-2", null));
      assertThat(tooHigh.ok()).isFalse();
      assertThat(tooHigh.detail()).contains("outside actuators.tc min-mbps..max-mbps (1..100)");
      ActionResult unknown = adapter.apply(new Action(null, "edge-1", Instant.now(), ActionKind.BANDWIDTH,
          "link:edge-9~edge-2", Map.of("mbps", "40", Step.PARAM, "tc:rate"), "elastic-bandwidth-tc", "det-3", null));
      assertThat(unknown.detail()).contains("no link of actuators.tc.links");
      ActionResult noDevice = adapter.apply(new Action(null, "edge-1", Instant.now(), ActionKind.BANDWIDTH,
          "link:gone", Map.of("mbps", "40", Step.PARAM, "tc:rate"), "elastic-bandwidth-tc", "det-4", null));
      assertThat(noDevice.ok()).isFalse();
      assertThat(noDevice.detail()).contains("nosuch0");
      assertThat(tc.rateBps(out)).isEqualTo(OptionalLong.of(20 * MBIT)); // the good link untouched
      assertThat(actuators.counters().snapshot()).containsEntry("tc_bad_rate", 1L)
          .containsEntry("tc_unknown_link", 1L).containsEntry("tc_failed", 1L);
    }
  }

  /**
   * The best of up to three {@link #throughputBps} windows, stopping at the first that reaches
   * {@code floorBps}: a sender starved of CPU on a loaded machine (13 of 20 Mbit/s in one window
   * on 2026-12-06, load 16) measures itself, not the shaper; the ceiling is the shaper's alone.
   */
  private static double saturatedBps(Tc tc, LinkInterface i, double floorBps) throws InterruptedException {
    double best = 0;
    for (int window = 0; window < 3 && best < floorBps; window++) {
      best = Math.max(best, throughputBps(tc, i));
    }
    return best;
  }

  /** The interface's egress over 2 s from its own byte counter, after 0.5 s for the queue to settle. */
  private static double throughputBps(Tc tc, LinkInterface i) throws InterruptedException {
    Thread.sleep(500);
    long b0 = tc.txBytes(i);
    long t0 = System.nanoTime();
    Thread.sleep(2000);
    long b1 = tc.txBytes(i);
    long t1 = System.nanoTime();
    return (b1 - b0) * 8.0 * 1e9 / (t1 - t0);
  }
}
