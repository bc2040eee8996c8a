package io.sextant.actuator.shaping;

import static io.sextant.common.config.Keys.key;

import io.sextant.common.config.ConfigException;
import io.sextant.common.config.Keys;
import io.sextant.common.config.YamlFields;
import io.sextant.common.link.LinkInterface;
import io.sextant.common.link.Tc;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code actuators.tc}: the links whose egress rate this node shapes, and the bounds any rate an
 * action asks for must keep.
 *
 * @param links by name: the topology's link id ({@code edge-1~edge-2}) or what an action names in
 *     its parameter {@code link}; each an interface in a namespace (or the host's)
 */
public record ShapingSettings(Path tc, Path ip, long minMbps, long maxMbps, Map<String, LinkInterface> links,
    List<String> sites) {
  public static final long DEFAULT_MIN_MBPS = 1;
  public static final long DEFAULT_MAX_MBPS = 10_000;
  public static final Keys KEYS = Keys.of("actuators.tc", "The shaping adapter (`tc:rate`, docs/remediation.md): "
      + "sets a link interface's egress rate with a root tbf qdisc, read back from `tc -j qdisc show`; undo puts "
      + "the previous rate back.",
      key("links", "mapping of name to section", "required", "the shaped links: the topology's link id "
          + "(`edge-1~edge-2`) or the name an action gives in its parameter `link` (below)"),
      key("min-mbps", "whole number", String.valueOf(DEFAULT_MIN_MBPS), "the lowest rate an action may set"),
      key("max-mbps", "whole number", String.valueOf(DEFAULT_MAX_MBPS), "the highest rate an action may set (the "
          + "link's ceiling)"),
      key("tc", "path", Tc.TC.toString(), "the tc binary (iproute2)"),
      key("ip", "path", Tc.IP.toString(), "the ip binary (iproute2), for the namespace's interfaces"),
      key("sites", "list of globs", "all", "the sites this adapter acts for"));
  public static final Keys LINK_KEYS = Keys.of("actuators.tc.links.<name>", "",
      key("interface", "interface name", "required", "the interface whose egress is shaped (the link's sending end)"),
      key("namespace", "name", "the host's", "the network namespace it lives in, as `ip netns` names it"));

  public ShapingSettings {
    if (minMbps < 1 || maxMbps < minMbps) {
      throw new IllegalArgumentException("min-mbps/max-mbps: 1 <= min <= max, got " + minMbps + "/" + maxMbps);
    }
    links = Map.copyOf(links);
    if (links.isEmpty()) {
      throw new IllegalArgumentException("links: at least one link (name: {interface, namespace})");
    }
    tc = tc == null ? Tc.TC : tc;
    ip = ip == null ? Tc.IP : ip;
    sites = sites == null ? List.of() : List.copyOf(sites);
  }

  /** Reads the section ({@code null}: none). */
  public static ShapingSettings read(Map<String, Object> m, Path base) {
    if (m == null) {
      return null;
    }
    String p = KEYS.prefix();
    YamlFields.known(m, KEYS.names(), p);
    Map<String, LinkInterface> links = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : YamlFields.map(YamlFields.required(m, "links", p), p + "links").entrySet()) {
      String lp = p + "links." + e.getKey() + ".";
      Map<String, Object> l = YamlFields.map(e.getValue(), p + "links." + e.getKey());
      YamlFields.known(l, LINK_KEYS.names(), lp);
      try {
        links.put(e.getKey(), new LinkInterface(YamlFields.string(l, "namespace", lp, null),
            YamlFields.string(l, "interface", lp, null)));
      } catch (IllegalArgumentException ex) {
        throw new ConfigException(lp + ex.getMessage(), ex);
      }
    }
    try {
      return new ShapingSettings(YamlFields.path(m, "tc", p, base), YamlFields.path(m, "ip", p, base),
          YamlFields.integer(m, "min-mbps", p, DEFAULT_MIN_MBPS), YamlFields.integer(m, "max-mbps", p,
          DEFAULT_MAX_MBPS), links, YamlFields.list(m, "sites", p));
    } catch (IllegalArgumentException ex) {
      throw new ConfigException(p + ex.getMessage(), ex);
    }
  }
}
