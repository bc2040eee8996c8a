package io.sextant.collector.source.probe;

import java.net.InetSocketAddress;
import java.util.Objects;

/** A peer site to probe: its probe responder's UDP address and, optionally, a TCP port to time a connect to. */
public record Peer(String site, InetSocketAddress udp, InetSocketAddress tcp) {
  public Peer {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(udp, "udp");
  }
}
