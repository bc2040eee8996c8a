/**
 * The active probe mesh: every site runs a {@link io.sextant.collector.source.probe.ProbeResponder}
 * that echoes UDP probes, and a {@link io.sextant.collector.source.probe.ProbeSource} that sends N
 * sequenced probes per window to each peer site and measures loss, round-trip time and jitter per
 * peer, plus the TCP connect time to the peer. Its samples ({@code probe_loss_ratio},
 * {@code probe_rtt_ms}, {@code probe_jitter_ms} on {@code resource=path:src>dst}) are what central
 * link localization reads. It does not trace routes: which links a path crosses comes from the
 * topology.
 */
package io.sextant.collector.source.probe;
