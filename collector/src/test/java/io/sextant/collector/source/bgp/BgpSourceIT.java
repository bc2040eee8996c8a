package io.sextant.collector.source.bgp;

import static io.sextant.testkit.netns.TwoSites.R2_VIA_A;
import static io.sextant.testkit.netns.TwoSites.R2_VIA_B;
import static io.sextant.testkit.netns.TwoSites.SITE2;
import static io.sextant.testkit.netns.TwoSites.X_VIA_C;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sextant.common.frr.BgpPath;
import io.sextant.common.frr.FrrJson;
import io.sextant.common.frr.Vtysh;
import io.sextant.common.model.Sample;
import io.sextant.common.netns.NetLab;
import io.sextant.testkit.netns.NetLabs;
import io.sextant.testkit.netns.TwoSites;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The BGP source on real FRR in network namespaces: a session follows its link going down and up,
 * and a prefix that exabgp announces and withdraws every second (its link up all along) drives the
 * flap penalty over suppress, then decays below reuse once it stops. Seconds, not minutes: a 3 s
 * half-life.
 */
class BgpSourceIT {
  private static final String FLAPPING = "10.30.0.0/24";
  private static final Dampening FAST = new Dampening(1000, Duration.ofSeconds(3), 2000, 750, Duration.ofSeconds(12));

  @BeforeAll
  static void peers() {
    NetLabs.require();
  }

  @Test
  void sessionsFollowTheirLinksAndAFlappingPrefixIsSuppressedThenReused() throws Exception {
    try (NetLab lab = NetLab.open()) {
      TwoSites net = TwoSites.build(lab, true);
      BgpSettings settings = new BgpSettings(new Vtysh(Vtysh.DEFAULT_PROGRAM, net.r1().socketDir(), null, null), "r1",
          Duration.ofMillis(200), List.of(SITE2, FLAPPING), FAST);
      try (BgpSource source = new BgpSource("edge-1", settings, Clock.systemUTC()).start()) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
          List<Sample> s = source.collect(Instant.now());
          assertThat(value(s, "bgp_session_up", "peer", R2_VIA_A)).hasValue(1);
          assertThat(value(s, "bgp_session_up", "peer", R2_VIA_B)).hasValue(1);
          assertThat(value(s, "bgp_session_up", "peer", X_VIA_C)).hasValue(1);
          assertThat(best(s, SITE2, R2_VIA_A)).hasValue(1);
        });

        net.a().set(false);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
          List<Sample> s = source.collect(Instant.now());
          assertThat(value(s, "bgp_session_up", "peer", R2_VIA_A)).hasValue(0);
          assertThat(best(s, SITE2, R2_VIA_B)).hasValue(1); // the standby link carries site 2 now
          assertThat(value(s, "bgp_session_flaps_total", "peer", R2_VIA_A)).hasValue(1);
        });
        net.a().set(true);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
          List<Sample> s = source.collect(Instant.now());
          assertThat(value(s, "bgp_session_up", "peer", R2_VIA_A)).hasValue(1);
          assertThat(best(s, SITE2, R2_VIA_A)).hasValue(1);
        });

        // A route flapping with its link up: announced and withdrawn every second.
        double peak = 0;
        double sessionPeak = 0;
        boolean suppressed = false;
        for (int i = 0; i < 6; i++) {
          net.x().announce(FLAPPING);
          Thread.sleep(1000); // the flap's own rhythm, not an assertion's wait
          net.x().withdraw(FLAPPING);
          Thread.sleep(1000);
          List<Sample> s = source.collect(Instant.now());
          peak = Math.max(peak, value(s, "bgp_flap_penalty", "prefix", FLAPPING).orElse(0));
          suppressed |= value(s, "bgp_flap_suppressed", "prefix", FLAPPING).orElse(0) == 1;
          sessionPeak = Math.max(sessionPeak, s.stream().filter(x -> x.metric().equals("bgp_flap_penalty")
              && x.resource().equals("bgp-session:edge-1/r1/" + X_VIA_C) && FLAPPING.equals(x.labels().get("prefix")))
              .mapToDouble(Sample::value).max().orElse(0));
        }
        assertThat(peak).isGreaterThanOrEqualTo(FAST.suppress());
        assertThat(sessionPeak).as("the session that withdrew it, named").isGreaterThanOrEqualTo(FAST.suppress());
        assertThat(source.collect(Instant.now()).stream().filter(x -> x.metric().equals("bgp_flap_penalty")
            && FLAPPING.equals(x.labels().get("prefix")) && x.resource().startsWith("bgp-session:"))
            .map(Sample::resource)).as("no other session withdrew it").containsOnly("bgp-session:edge-1/r1/" + X_VIA_C);
        assertThat(suppressed).isTrue();
        assertThat(value(source.collect(Instant.now()), "bgp_session_up", "peer", X_VIA_C)).hasValue(1);

        net.x().announce(FLAPPING); // stable again
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
          List<Sample> s = source.collect(Instant.now());
          assertThat(value(s, "bgp_flap_penalty", "prefix", FLAPPING).orElseThrow()).isLessThan(FAST.reuse());
          assertThat(value(s, "bgp_flap_suppressed", "prefix", FLAPPING)).hasValue(0);
          assertThat(value(s, "bgp_prefix_paths", "prefix", FLAPPING)).hasValue(1);
        });
        assertThat(source.pollErrors()).isZero();
      }
      // What one poll costs here (a summary and two prefixes, one vtysh run), for docs/collector.md.
      BgpSource timed = new BgpSource("edge-1", settings, Clock.systemUTC());
      long[] ns = new long[21];
      for (int i = 0; i < ns.length; i++) {
        long t = System.nanoTime();
        timed.poll();
        ns[i] = System.nanoTime() - t;
      }
      java.util.Arrays.sort(ns);
      System.out.printf("BgpSourceIT: one poll (summary + 2 prefixes) median %.1f ms, max %.1f ms over %d%n", ns[10] / 1e6,
          ns[20] / 1e6, ns.length);

      // A withdrawal and its re-announcement that both fall between two polls (a poller slowed by a
      // loaded machine) still count, from FRR's lastUpdate; the same route read twice does not.
      double flaps = value(timed.collect(Instant.now()), "bgp_prefix_flaps_total", "prefix", FLAPPING).orElseThrow();
      timed.poll();
      assertThat(value(timed.collect(Instant.now()), "bgp_prefix_flaps_total", "prefix", FLAPPING)).hasValue(flaps);
      Thread.sleep(2100); // lastUpdate counts whole seconds, and a move of one may be its wobble
      net.x().withdraw(FLAPPING);
      await().atMost(Duration.ofSeconds(10)).until(() -> r1Paths(settings).isEmpty());
      net.x().announce(FLAPPING);
      await().atMost(Duration.ofSeconds(10)).until(() -> !r1Paths(settings).isEmpty());
      timed.poll();
      List<Sample> s = timed.collect(Instant.now());
      assertThat(value(s, "bgp_prefix_flaps_total", "prefix", FLAPPING)).hasValue(flaps + 1);
      assertThat(s.stream().filter(x -> x.metric().equals("bgp_flap_penalty")
          && x.resource().equals("bgp-session:edge-1/r1/" + X_VIA_C) && FLAPPING.equals(x.labels().get("prefix"))))
          .as("charged to the session that withdrew it").hasSize(1);
    }
  }

  /** r1's paths to the flapping prefix, read past the source under test. */
  private static List<BgpPath> r1Paths(BgpSettings settings) throws Exception {
    return FrrJson.paths(settings.vtysh().run("show bgp ipv4 unicast " + FLAPPING + " json"), FLAPPING);
  }

  private static OptionalDouble value(List<Sample> samples, String metric, String label, String v) {
    // the prefix's own series: not a session's (resource bgp-session:, with the same prefix label)
    return samples.stream().filter(s -> s.metric().equals(metric) && v.equals(s.labels().get(label))
            && !(label.equals("prefix") && s.resource().startsWith("bgp-session:")))
        .mapToDouble(Sample::value).findFirst();
  }

  private static OptionalDouble best(List<Sample> samples, String prefix, String peer) {
    return samples.stream().filter(s -> s.metric().equals("bgp_prefix_best") && prefix.equals(s.labels().get("prefix"))
        && peer.equals(s.labels().get("peer"))).mapToDouble(Sample::value).findFirst();
  }
}
