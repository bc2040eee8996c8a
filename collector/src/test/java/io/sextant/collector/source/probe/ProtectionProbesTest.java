package io.sextant.collector.source.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.action.ProbeRequest;
import io.sextant.common.model.Sample;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Protection probes across a link leave from this site's own address on that link, so the routing
 * that pins the address to the link (a source rule) carries them; other links' probes leave from
 * the mesh's address. Loopback stands for the two addresses (127.0.0.1 the mesh's, 127.0.0.2 the
 * link's); a responder records where each probe came from.
 */
class ProtectionProbesTest {
  private static final InetAddress MESH = InetAddress.getLoopbackAddress();

  @Test
  void probesAcrossALinkLeaveFromTheSitesAddressOnThatLinkAndOthersFromTheMeshs() throws Exception {
    InetAddress onLink = InetAddress.getByName("127.0.0.2");
    Set<InetAddress> senders = ConcurrentHashMap.newKeySet();
    try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress(MESH, 0))) {
      Thread echo = new Thread(() -> {
        byte[] buf = new byte[64];
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        while (!peer.isClosed()) {
          try {
            in.setLength(buf.length);
            peer.receive(in);
            senders.add(in.getAddress());
            peer.send(new DatagramPacket(in.getData(), in.getOffset(), in.getLength(), in.getSocketAddress()));
          } catch (java.io.IOException e) {
            return; // closed
          }
        }
      }, "echo");
      echo.setDaemon(true);
      echo.start();
      InetSocketAddress at = (InetSocketAddress) peer.getLocalSocketAddress();
      try (ProtectionProbes probes = new ProtectionProbes("edge-1", List.of(new Peer("central", at, null)),
          new InetSocketAddress(MESH, 0), Map.of("edge-1~pop-1", onLink), Duration.ofMillis(1),
          Duration.ofMillis(500))) {
        assertThat(probes.start("p1", new ProbeRequest("edge-1~pop-1", "edge-1", "central",
            List.of("edge-1~pop-1", "central~pop-1"), 5, "act-1")).ok()).isTrue();
        List<Sample> window = probes.collect(Instant.parse("2026-12-06T17:00:00Z"));
        assertThat(window).singleElement().satisfies(s -> {
          assertThat(s.metric()).isEqualTo(ProbeRequest.METRIC);
          assertThat(s.resource()).isEqualTo("link:edge-1~pop-1");
          assertThat(s.value()).as("every probe answered").isZero();
        });
        assertThat(senders).as("probes across edge-1~pop-1 leave from edge-1's address on it").containsExactly(onLink);

        probes.stop("p1");
        senders.clear();
        assertThat(probes.start("p2", new ProbeRequest("edge-1~pop-2", "edge-1", "central",
            List.of("edge-1~pop-2", "central~pop-2"), 5, "act-2")).ok()).isTrue();
        probes.collect(Instant.parse("2026-12-06T17:00:01Z"));
        assertThat(senders).as("a link without an own address: the mesh's").containsExactly(MESH);
      }
    }
  }
}
