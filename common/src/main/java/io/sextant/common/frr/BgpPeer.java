package io.sextant.common.frr;

/**
 * One BGP session as {@code show bgp summary json} reports it.
 *
 * @param address the neighbor's address (the session's name in FRR)
 * @param state FRR's state name: {@code Established}, {@code Active}, {@code Connect}, {@code Idle} ...
 * @param prefixesReceived prefixes accepted from the peer ({@code pfxRcd}); 0 when not established
 * @param connectionsDropped times the session went down since bgpd started: each one a session flap
 */
public record BgpPeer(String address, String state, long prefixesReceived, long connectionsEstablished,
    long connectionsDropped) {
  public boolean established() {
    return "Established".equals(state);
  }
}
