package io.sextant.deploy.lab.netns;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.netns.Sh;
import io.sextant.deploy.RunsAlone;
import io.sextant.testkit.netns.NetLabs;
import io.sextant.testkit.postgres.SharedPostgres;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reduced {@code sextant lab --netns}: the central site and two edge sites in network
 * namespaces with FRR eBGP through two PoP routers, a real {@code sextant central} and three real
 * {@code sextant edge} processes (each inside its site's namespace, live sources only), and two
 * faults at once: 5 % packet loss by nftables on edge-1's link to pop-1, and a BGP route
 * oscillation on edge-2's external session (exabgp withdrawing and re-announcing a prefix, links
 * up). The centre must detect the loss, locate that link, and move the traffic off it through
 * pop-1's FRR (the first probe seen on the standby link); edge-2's edge must alarm on the flapping
 * session, name it, and move the prefix's best path off it through its own FRR (as FRR shows it);
 * both within 60 s of wall-clock time, with no false alarm. Afterwards none of the lab's
 * namespaces is left. The PostgreSQL is the shared one; the broker is the lab's own, since the edges in their
 * namespaces cannot reach the shared broker on loopback.
 */
@RunsAlone
class NetnsLabIT {
  @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir;

  @BeforeAll
  static void peers() {
    NetLabs.require();
  }

  @Test
  void aLossyLinkAndAnOscillatingSessionAreDetectedLocatedAndProtectedWithinAMinuteWithNoFalseAlarm()
      throws Exception {
    SharedPostgres.Database pg = SharedPostgres.fresh("netns_lab");
    NetnsFault loss = new NetnsFault("loss-5pct", NetnsFault.Kind.LOSS, "edge-1", 5, Duration.ZERO,
        Duration.ofSeconds(25));
    // On another site and off every probe path: it overlaps the loss and adds no time of its own.
    // 24 s of flapping: suppressed after ~4 s, but up to 16 s on a loaded 2-core CI machine, where the
    // edge's slower polls of FRR see fewer of the withdrawals (an 18 s oscillation was protected after
    // it ended there, and a 12 s one before that); then reuse ~5 s after it stops and the 10 s
    // wait-to-restore (restored 15-19 s after it stopped), inside the 20 s tail after the loss's 25 s.
    NetnsFault oscillation = NetnsFault.oscillation("bgp-oscillation", "edge-2", Duration.ZERO, Duration.ofSeconds(24));
    NetnsReport report;
    try (NetnsLab lab = new NetnsLab(new NetnsLab.Options(2, List.of(loss, oscillation), Duration.ofSeconds(4),
        pg.jdbcUrl(),
        pg.user(), dir, false, Duration.ofSeconds(20)), Clock.systemUTC())) {
      report = lab.run(System.out).report();
    }
    assertThat(report.clock()).isEqualTo("wall");
    NetnsReport.FaultTimes f = report.faults().get(0);
    assertThat(f.target()).isEqualTo("link:edge-1~pop-1");
    assertThat(f.detected()).as("detected").isTrue();
    assertThat(f.locatedCorrectly()).as("located on edge-1~pop-1").isTrue();
    assertThat(f.isProtected()).as("probes seen on the standby link").isTrue();
    assertThat(f.timeToDetect()).isLessThanOrEqualTo(f.timeToLocate());
    assertThat(f.timeToProtect()).as("protected within 60 s of injection").isLessThanOrEqualTo(60.0);
    assertThat(f.repairAction()).as("through the reroute runbook").isNotNull();
    NetnsReport.FaultTimes o = report.faults().get(1);
    assertThat(o.target()).isEqualTo("bgp-session:edge-2/edge-2/10.204.2.2");
    assertThat(o.detected()).as("flap alarm").isTrue();
    assertThat(o.locatedCorrectly()).as("the flapping session named").isTrue();
    assertThat(o.isProtected()).as("FRR's best path on the steady session").isTrue();
    assertThat(o.timeToProtect()).as("oscillation protected within 60 s").isLessThanOrEqualTo(60.0);
    assertThat(o.repairAction()).as("through the edge's runbook").isNotNull();
    assertThat(o.verified()).as("the session stayed up under the new policy").isTrue();
    assertThat(o.note()).as("restored after the penalty stayed below reuse for the wait-to-restore")
        .startsWith("restored");
    assertThat(report.falseAlarmResources()).as("false alarms").isEmpty();
    assertThat(Sh.run("ip", "netns", "list")).as("the lab's namespaces are gone")
        .doesNotContain("sxlab-" + ProcessHandle.current().pid() + "-");
  }
}
