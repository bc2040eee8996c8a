package io.sextant.actuator.routing;

import io.sextant.common.frr.Vtysh;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code actuators.routing}: the FRR instance this node changes and its inter-cloud links.
 *
 * @param localPreference what paths learnt over an avoided session get (below every other
 *     session's, 100 by default, so they lose the best-path choice but stay as a last resort)
 * @param prepend how many times this router's AS is prepended to what it announces over an avoided
 *     session, so the far side moves its traffic too; 0: only this side moves
 * @param verifyTimeout how long FRR has to show the move before the step fails (and is undone)
 * @param links by name: the link id of the topology ({@code edge-1~edge-2}) or any name an action
 *     gives in its parameter {@code avoid}
 */
public record RoutingSettings(Vtysh vtysh, int localPreference, int prepend, Duration verifyTimeout,
    Map<String, RoutedLink> links, List<String> sites) {
  public static final int DEFAULT_LOCAL_PREFERENCE = 10;
  public static final int DEFAULT_PREPEND = 3;
  public static final Duration DEFAULT_VERIFY_TIMEOUT = Duration.ofSeconds(10);

  /**
   * One link as FRR knows it: the BGP session over it ({@code neighbor}, the far router's address)
   * and the prefix whose best path shows where traffic goes ({@code prefix}, e.g. the far site's).
   */
  public record RoutedLink(String neighbor, String prefix) {
    public RoutedLink {
      if (neighbor == null || !neighbor.matches("[0-9A-Fa-f:.]+")) {
        throw new IllegalArgumentException("neighbor: the BGP neighbor's address, got '" + neighbor + "'");
      }
      if (prefix == null || !prefix.matches("[0-9.]+/[0-9]{1,2}")) {
        throw new IllegalArgumentException("prefix: an IPv4 prefix such as 10.20.0.0/24, got '" + prefix + "'");
      }
    }
  }

  public RoutingSettings {
    Objects.requireNonNull(vtysh, "vtysh");
    if (localPreference < 0 || localPreference >= 100) {
      throw new IllegalArgumentException("local-preference: 0..99 (below the default 100), got " + localPreference);
    }
    if (prepend < 0 || prepend > 10) {
      throw new IllegalArgumentException("prepend: 0..10, got " + prepend);
    }
    verifyTimeout = verifyTimeout == null ? DEFAULT_VERIFY_TIMEOUT : verifyTimeout;
    links = Map.copyOf(links);
    if (links.isEmpty()) {
      throw new IllegalArgumentException("links: at least one link (name: {neighbor, prefix})");
    }
    sites = sites == null ? List.of() : List.copyOf(sites);
  }
}
