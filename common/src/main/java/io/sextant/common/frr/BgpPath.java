package io.sextant.common.frr;

/**
 * One path of a prefix in FRR's BGP table.
 *
 * @param peer the address of the session it was learnt from
 * @param best whether bgpd selected it (FRR's {@code bestpath.overall})
 * @param localPref its local preference; 100 (the default) when FRR shows none
 * @param asPath the AS path as text, e.g. {@code "65002 65002"}; empty for a local route
 */
public record BgpPath(String peer, boolean best, long localPref, String asPath) {}
