package io.sextant.actuator.routing;

import static io.sextant.common.config.Keys.key;

import io.sextant.common.config.ConfigException;
import io.sextant.common.config.Keys;
import io.sextant.common.config.YamlFields;
import io.sextant.common.frr.Vtysh;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
  public static final Keys KEYS = keys();
  public static final Keys LINK_KEYS = Keys.of("actuators.routing.links.<name>", "",
      key("neighbor", "address", "required", "the BGP neighbor over the link (the far router's address on it), as FRR "
          + "names the session"),
      key("prefix", "IPv4 prefix", "required", "a prefix the far side announces (its site's): its best path shows "
          + "where traffic goes, read back after each change"));

  private static Keys keys() {
    List<Keys.Key> k = new ArrayList<>(Vtysh.KEYS);
    k.addAll(List.of(
        key("links", "mapping of name to section", "required", "the links traffic can be moved off: the topology's "
            + "link id (`edge-1~edge-2`) or the name an action gives in `avoid` (below)"),
        key("local-preference", "0..99", String.valueOf(DEFAULT_LOCAL_PREFERENCE), "what paths over an avoided link "
            + "get (below the default 100: they stay a last resort)"),
        key("prepend", "0..10", String.valueOf(DEFAULT_PREPEND), "times this router's AS is prepended to what it "
            + "announces over an avoided link, so the far side moves too; 0: only this side moves"),
        key("verify-timeout", "duration", DEFAULT_VERIFY_TIMEOUT.toSeconds() + "s", "how long FRR has to show the "
            + "best path off the link before the step fails and the change is taken off"),
        key("sites", "list of globs", "all", "the sites this router acts for")));
    return new Keys("actuators.routing", "The routing adapter (`routing:reroute`, docs/remediation.md): moves "
        + "traffic off a link's BGP session with FRR route maps applied by vtysh, read back from FRR's JSON.", k);
  }

  /** Reads the section ({@code null}: none). */
  public static RoutingSettings read(Map<String, Object> m, Path base) {
    if (m == null) {
      return null;
    }
    String p = KEYS.prefix();
    YamlFields.known(m, KEYS.names(), p);
    Map<String, RoutedLink> links = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : YamlFields.map(YamlFields.required(m, "links", p), p + "links").entrySet()) {
      String lp = p + "links." + e.getKey() + ".";
      Map<String, Object> l = YamlFields.map(e.getValue(), p + "links." + e.getKey());
      YamlFields.known(l, LINK_KEYS.names(), lp);
      try {
        links.put(e.getKey(), new RoutedLink(YamlFields.string(l, "neighbor", lp, null),
            YamlFields.string(l, "prefix", lp, null)));
      } catch (IllegalArgumentException ex) {
        throw new ConfigException(lp + ex.getMessage(), ex);
      }
    }
    try {
      return new RoutingSettings(Vtysh.read(m, p, base),
          (int) YamlFields.integer(m, "local-preference", p, DEFAULT_LOCAL_PREFERENCE),
          (int) YamlFields.integer(m, "prepend", p, DEFAULT_PREPEND),
          YamlFields.duration(m, "verify-timeout", p, DEFAULT_VERIFY_TIMEOUT), links, YamlFields.list(m, "sites", p));
    } catch (IllegalArgumentException ex) {
      throw new ConfigException(p + ex.getMessage(), ex);
    }
  }

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
