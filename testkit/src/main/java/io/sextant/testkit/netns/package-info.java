/**
 * A real network in network namespaces for integration tests: namespaces joined by veth links,
 * Debian's FRR (zebra and bgpd) per namespace and exabgp peers, all removed at close, also after a
 * failure; leftovers of a killed run are removed by the next one. Needs root; {@link
 * io.sextant.testkit.netns.NetLab#require()} fails a test as root when a tool is missing and skips
 * it elsewhere.
 *
 * <p>Plain Java around {@code ip}, {@code vtysh} and the daemons (no JUnit outside {@code
 * require}), so the network lab of the {@code sextant lab --netns} command can build on the same
 * classes.
 */
package io.sextant.testkit.netns;
