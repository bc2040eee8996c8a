/**
 * A link's interface as the kernel sees it: its egress rate shaped with {@code tc} (a root token
 * bucket filter) and its byte counters ({@code ip -s -j link}), in a network namespace or the
 * host's. Shared by the shaping adapter (which changes the rate) and the collector's link source
 * (which measures throughput against it). Not here: deciding when to change a rate.
 */
package io.sextant.common.link;
