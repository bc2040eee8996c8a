/**
 * A real network in Linux network namespaces: namespaces joined by veth links, Debian's FRR (zebra
 * and bgpd) per namespace, exabgp peers and nftables rulesets, all removed at close (also from a
 * shutdown hook); what a killed run left behind is removed by the next one, recognised by the
 * {@code sxlab-<pid>-} prefix of a pid that is gone. Needs root. Used by {@code sextant lab
 * --netns} (deploy) and by the integration tests of the routing adapter and the BGP source.
 *
 * <p>Plain Java around {@code ip}, {@code nft}, {@code vtysh} and the daemons. Not here: what runs
 * on the network (the lab's topology and faults live in deploy, a test's in testkit).
 */
package io.sextant.common.netns;
