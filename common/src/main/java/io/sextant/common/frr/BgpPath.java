package io.sextant.common.frr;

/**
 * One path of a prefix in FRR's BGP table.
 *
 * @param peer the address of the session it was learnt from
 * @param best whether bgpd selected it (FRR's {@code bestpath.overall})
 * @param localPref its local preference; 100 (the default) when FRR shows none
 * @param asPath the AS path as text, e.g. {@code "65002 65002"}; empty for a local route
 * @param updated when bgpd last took an announcement of it, epoch seconds (FRR's {@code
 *     lastUpdate.epoch}); 0 when FRR shows none
 */
public record BgpPath(String peer, boolean best, long localPref, String asPath, long updated) {
  /**
   * Announced again since {@code before} with the same route: the peer withdrew it and sent it back
   * between two reads (bgpd ignores a duplicate announcement). A changed local preference or AS path
   * is a policy's or a route's change (a reroute's route map), not counted. FRR derives the epoch
   * from the path's age when asked, so a path nobody touched reads a second apart now and then:
   * only a move of 2 s or more counts (a re-announcement within 2 s of the last is not seen here).
   */
  public boolean reannouncedSince(BgpPath before) {
    return before.updated > 0 && updated >= before.updated + 2 && localPref == before.localPref
        && asPath.equals(before.asPath);
  }
}
