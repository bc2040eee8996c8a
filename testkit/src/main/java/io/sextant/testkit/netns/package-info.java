/**
 * The network-namespace labs of integration tests: {@link io.sextant.testkit.netns.NetLabs#require()}
 * (skips a test where it cannot run, fails it as root when a tool is missing) and {@link
 * io.sextant.testkit.netns.TwoSites}, the small BGP network the routing tests share. The lab itself
 * ({@link io.sextant.common.netns.NetLab}: namespaces, veth, FRR, exabgp, nftables) is production
 * code in common, so {@code sextant lab --netns} builds on the same classes.
 */
package io.sextant.testkit.netns;
