package io.sextant.collector.source.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sextant.common.model.Sample;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A site's full responder (UDP echo + TCP accept) as a peer's probe source sees it. */
class TcpProbeResponderTest {
  static final InetAddress LO = InetAddress.getLoopbackAddress();

  @Test
  void peersTimeAConnectToTheResponderAndSeeItGoDown() throws Exception {
    ProbeConfig config = new ProbeConfig(3, Duration.ofMillis(1), Duration.ofMillis(500));
    try (ProbeResponder udp = ProbeResponder.answeringAll(new InetSocketAddress(LO, 0))) {
      TcpProbeResponder tcp = new TcpProbeResponder(new InetSocketAddress(LO, 0));
      Peer peer = new Peer("edge-2", udp.address(), tcp.address());
      try (ProbeSource p = new ProbeSource("edge-1", List.of(peer), config, new InetSocketAddress(LO, 0))) {
        List<Sample> up = p.collect(Instant.parse("2026-01-05T10:00:00Z"));
        assertThat(ProbeMeshTest.value(up, "probe_tcp_up", "edge-2")).isEqualTo(1.0);
        assertThat(ProbeMeshTest.value(up, "probe_tcp_connect_ms", "edge-2")).isBetween(0.0, 500.0);
        await().atMost(Duration.ofSeconds(10)).until(() -> tcp.accepted() == 1);
        tcp.close();
        List<Sample> down = p.collect(Instant.parse("2026-01-05T10:00:10Z"));
        assertThat(ProbeMeshTest.value(down, "probe_tcp_up", "edge-2")).isEqualTo(0.0);
        assertThat(ProbeMeshTest.value(down, "probe_loss_ratio", "edge-2")).isEqualTo(0.0);
      }
    }
  }
}
