package io.sextant.collector.source.bgp;

import io.sextant.common.frr.Vtysh;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the BGP source watches: one FRR instance (through {@code vtysh}), polled every {@code
 * interval}, its sessions and the {@code prefixes} listed.
 *
 * @param router names the router in the samples' resources ({@code bgp-session:<site>/<router>/<peer>})
 * @param interval how often FRR is polled; a prefix withdrawn and re-announced within one interval
 *     is missed, so keep it under half the shortest flap period to be seen
 */
public record BgpSettings(Vtysh vtysh, String router, Duration interval, List<String> prefixes, Dampening dampening) {
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
  public static final String DEFAULT_ROUTER = "frr";

  public BgpSettings {
    Objects.requireNonNull(vtysh, "vtysh");
    router = router == null ? DEFAULT_ROUTER : router;
    interval = interval == null ? DEFAULT_INTERVAL : interval;
    if (interval.toMillis() < 50) {
      throw new IllegalArgumentException("interval: at least 50ms (each poll runs vtysh), got " + interval.toMillis() + "ms");
    }
    prefixes = prefixes == null ? List.of() : List.copyOf(prefixes);
    for (String p : prefixes) {
      if (!p.matches("[0-9.]+/[0-9]{1,2}")) {
        throw new IllegalArgumentException("prefixes: an IPv4 prefix such as 10.0.0.0/24, got '" + p + "'");
      }
    }
    dampening = dampening == null ? Dampening.DEFAULT : dampening;
  }
}
