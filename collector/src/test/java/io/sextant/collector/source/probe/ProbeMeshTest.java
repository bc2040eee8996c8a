package io.sextant.collector.source.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.model.Sample;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two responders on loopback, one of which drops every fifth probe (seq % 5 == 0): 20% loss. */
class ProbeMeshTest {
  static final InetAddress LO = InetAddress.getLoopbackAddress();

  static double value(List<Sample> s, String metric, String dst) {
    return s.stream().filter(x -> x.metric().equals(metric) && x.labels().get("dst").equals(dst))
        .findFirst().orElseThrow(() -> new AssertionError("no " + metric + " to " + dst)).value();
  }

  @Test
  void measuresLossRttJitterAndTcpConnectPerPeer() throws Exception {
    try (ProbeResponder clean = ProbeResponder.answeringAll(new InetSocketAddress(LO, 0));
        ProbeResponder lossy = new ProbeResponder(new InetSocketAddress(LO, 0), seq -> seq % 5 == 0);
        ServerSocket tcp = new ServerSocket(0, 50, LO)) {
      int closedPort;
      try (ServerSocket s = new ServerSocket(0, 1, LO)) {
        closedPort = s.getLocalPort();
      }
      List<Peer> peers = List.of(
          new Peer("edge-2", clean.address(), new InetSocketAddress(LO, tcp.getLocalPort())),
          new Peer("edge-3", lossy.address(), new InetSocketAddress(LO, closedPort)));
      ProbeConfig config = new ProbeConfig(50, Duration.ofMillis(2), Duration.ofMillis(500));
      try (ProbeSource probe = new ProbeSource("edge-1", peers, config, new InetSocketAddress(LO, 0))) {
        for (int window = 0; window < 2; window++) { // a second round must not see the first's replies
          List<Sample> s = probe.collect(Instant.parse("2026-01-05T10:00:00Z").plusSeconds(5L * window));
          assertThat(value(s, "probe_loss_ratio", "edge-2")).isEqualTo(0.0);
          assertThat(value(s, "probe_loss_ratio", "edge-3")).isEqualTo(0.2);
          assertThat(value(s, "probe_sent", "edge-3")).as("the count behind the ratio").isEqualTo(50.0);
          assertThat(value(s, "probe_rtt_ms", "edge-2")).isBetween(0.0, 100.0).isPositive();
          assertThat(value(s, "probe_rtt_ms", "edge-3")).isBetween(0.0, 100.0).isPositive();
          assertThat(value(s, "probe_jitter_ms", "edge-2")).isGreaterThanOrEqualTo(0.0);
          assertThat(value(s, "probe_tcp_up", "edge-2")).isEqualTo(1.0);
          assertThat(value(s, "probe_tcp_connect_ms", "edge-2")).isBetween(0.0, 500.0);
          assertThat(value(s, "probe_tcp_up", "edge-3")).isEqualTo(0.0);
          assertThat(s).noneMatch(x -> x.metric().equals("probe_tcp_connect_ms") && x.labels().get("dst").equals("edge-3"));
          assertThat(s).filteredOn(x -> x.labels().get("dst").equals("edge-3")).allSatisfy(x ->
              assertThat(x.labels()).containsEntry("resource", "path:edge-1>edge-3").containsEntry("src", "edge-1"));
        }
        assertThat(lossy.dropped()).isEqualTo(20);
        assertThat(clean.answered()).isEqualTo(100);
        assertThat(probe.lastRound()).extracting(PeerStats::received).containsExactly(50, 40);
      }
    }
  }

  @Test
  void peerDownIsFullLossWithoutRtt() throws Exception {
    InetSocketAddress nobody;
    try (ProbeResponder r = ProbeResponder.answeringAll(new InetSocketAddress(LO, 0))) {
      nobody = r.address();
    }
    ProbeConfig config = new ProbeConfig(5, Duration.ZERO, Duration.ofMillis(100));
    try (ProbeSource probe = new ProbeSource("edge-1", List.of(new Peer("edge-9", nobody, null)), config,
        new InetSocketAddress(LO, 0))) {
      List<Sample> s = probe.collect(Instant.parse("2026-01-05T10:00:00Z"));
      assertThat(s).extracting(Sample::metric).containsExactly("probe_loss_ratio", "probe_sent");
      assertThat(s.get(0).value()).isEqualTo(1.0);
      assertThat(s.get(1).value()).isEqualTo(5.0);
    }
  }

  @Test
  void jitterIsTheMeanAbsoluteDifferenceOfConsecutiveRtts() {
    PeerStats s = PeerStats.of("p", new long[] {1_000_000, -1, 3_000_000, 2_000_000});
    assertThat(s.received()).isEqualTo(3);
    assertThat(s.loss()).isEqualTo(0.25);
    assertThat(s.rttMs()).isEqualTo(2.0);
    assertThat(s.jitterMs()).isEqualTo(1.5);
  }
}
