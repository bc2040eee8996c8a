package io.sextant.collector.source.probe;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;

/**
 * A peer site to probe: its probe responder's UDP address and, optionally, a TCP port to time a
 * connect to, and per link id the UDP address that reaches the peer across that link (its
 * interface on the link, a tunnel pinned to it), which protection probes use while a reroute
 * keeps traffic off the link ({@link ProtectionProbes}).
 */
public record Peer(String site, InetSocketAddress udp, InetSocketAddress tcp, Map<String, InetSocketAddress> via) {
  public Peer {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(udp, "udp");
    via = via == null ? Map.of() : Map.copyOf(via);
  }

  public Peer(String site, InetSocketAddress udp, InetSocketAddress tcp) {
    this(site, udp, tcp, Map.of());
  }

  /** Where probes across {@code link} go: the address for that link, else the responder's. */
  public InetSocketAddress across(String link) {
    return via.getOrDefault(link, udp);
  }
}
