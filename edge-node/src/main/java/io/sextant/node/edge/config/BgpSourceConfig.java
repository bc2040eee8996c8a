package io.sextant.node.edge.config;

import static io.sextant.common.config.Keys.key;

import io.sextant.collector.source.bgp.BgpSettings;
import io.sextant.collector.source.bgp.Dampening;
import io.sextant.common.config.ConfigException;
import io.sextant.common.config.Keys;
import io.sextant.common.config.YamlFields;
import io.sextant.common.frr.Vtysh;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code sources.bgp}: the BGP state source's keys and their reading. */
final class BgpSourceConfig {
  static final Keys KEYS = keys();
  static final Keys DAMPENING = Keys.of("sources.bgp.dampening", "RFC 2439 flap damping figures (a watch: Sextant "
      + "suppresses no route). Each flap adds `penalty`, which halves every `half-life`; at `suppress` the session or "
      + "prefix is suppressed (`bgp_flap_suppressed` 1, and the built-in threshold `bgp-flap-suppress` alarms) until "
      + "it decays below `reuse`. Defaults are RFC 2439's / Cisco's; docs/collector.md gives the arithmetic.",
      key("penalty", "number", fmt(Dampening.DEFAULT_PENALTY), "added per flap"),
      key("half-life", "duration", Dampening.DEFAULT_HALF_LIFE.toMinutes() + "m", "the penalty halves every half-life"),
      key("suppress", "number", fmt(Dampening.DEFAULT_SUPPRESS), "suppressed from this penalty on"),
      key("reuse", "number", fmt(Dampening.DEFAULT_REUSE), "no longer suppressed below this penalty"),
      key("max-suppress", "duration", Dampening.DEFAULT_MAX_SUPPRESS.toMinutes() + "m", "the penalty is capped so that "
          + "it decays to reuse within this time after the last flap"));

  private BgpSourceConfig() {}

  private static Keys keys() {
    List<Keys.Key> k = new ArrayList<>(Vtysh.KEYS);
    k.addAll(List.of(
        key("router", "name", BgpSettings.DEFAULT_ROUTER, "the router's name in the resources "
            + "(`bgp-session:<site>/<router>/<peer>`, `bgp-prefix:<site>/<router>/<prefix>`)"),
        key("interval", "duration", BgpSettings.DEFAULT_INTERVAL.toMillis() + "ms", "how often FRR is polled; a "
            + "prefix withdrawn and announced again within one interval is not seen"),
        key("prefixes", "list", "—", "IPv4 prefixes whose paths are watched (per-prefix flaps, best path)"),
        key("dampening", "section", "RFC 2439", "the flap penalty's figures (below)")));
    return new Keys("sources.bgp", "BGP state of the site's FRR router, polled through vtysh: per session "
        + "up/down, prefixes received, flaps and the flap penalty; per watched prefix its paths and best path.", k);
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  /** The section, or null when absent. */
  static BgpSettings read(Object section, Path base) {
    if (section == null) {
      return null;
    }
    String p = KEYS.prefix();
    Map<String, Object> m = YamlFields.map(section, "sources.bgp");
    YamlFields.known(m, KEYS.names(), p);
    try {
      Dampening d = Dampening.DEFAULT;
      Map<String, Object> dm = YamlFields.section(m, "dampening", p, DAMPENING.names());
      if (dm != null) {
        String dp = DAMPENING.prefix();
        try {
          d = new Dampening(YamlFields.number(dm, "penalty", dp, Dampening.DEFAULT_PENALTY),
              YamlFields.duration(dm, "half-life", dp, Dampening.DEFAULT_HALF_LIFE),
              YamlFields.number(dm, "suppress", dp, Dampening.DEFAULT_SUPPRESS),
              YamlFields.number(dm, "reuse", dp, Dampening.DEFAULT_REUSE),
              YamlFields.duration(dm, "max-suppress", dp, Dampening.DEFAULT_MAX_SUPPRESS));
        } catch (IllegalArgumentException e) {
          throw new ConfigException(dp + e.getMessage(), e);
        }
      }
      return new BgpSettings(Vtysh.read(m, p, base), YamlFields.string(m, "router", p, null),
          YamlFields.duration(m, "interval", p, null), YamlFields.list(m, "prefixes", p), d);
    } catch (ConfigException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(p + e.getMessage(), e);
    }
  }
}
