package io.sextant.deploy.lab.netns;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.netns.Sh;
import io.sextant.testkit.netns.NetLabs;
import io.sextant.testkit.postgres.SharedPostgres;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reduced {@code sextant lab --netns}: the central site and two edge sites in network
 * namespaces with FRR eBGP through two PoP routers, a real {@code sextant central} and three real
 * {@code sextant edge} processes (each inside its site's namespace, live sources only), and 5 %
 * packet loss by nftables on edge-1's link to pop-1. The centre must detect it, locate that link,
 * and move the traffic off it through pop-1's FRR (the first probe seen on the standby link)
 * within 60 s of wall-clock time, with no false alarm; afterwards none of the lab's namespaces is
 * left. The PostgreSQL is the shared one; the broker is the lab's own, since the edges in their
 * namespaces cannot reach the shared broker on loopback.
 */
class NetnsLabIT {
  @TempDir Path dir;

  @BeforeAll
  static void peers() {
    NetLabs.require();
  }

  @Test
  void fivePercentLossOnARealLinkIsDetectedLocatedAndProtectedWithinAMinuteWithNoFalseAlarm() throws Exception {
    SharedPostgres.Database pg = SharedPostgres.fresh("netns_lab");
    NetnsFault loss = new NetnsFault("loss-5pct", NetnsFault.Kind.LOSS, "edge-1", 5, Duration.ZERO,
        Duration.ofSeconds(25));
    NetnsReport report;
    try (NetnsLab lab = new NetnsLab(new NetnsLab.Options(2, List.of(loss), Duration.ofSeconds(8), pg.jdbcUrl(),
        pg.user(), dir, false, Duration.ofSeconds(5)), Clock.systemUTC())) {
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
    assertThat(report.falseAlarmResources()).as("false alarms").isEmpty();
    assertThat(Sh.run("ip", "netns", "list")).as("the lab's namespaces are gone")
        .doesNotContain("sxlab-" + ProcessHandle.current().pid() + "-");
  }
}
