package io.sextant.deploy.lab.netns;

import io.sextant.common.netns.NetLab;
import io.sextant.deploy.lab.netns.NetnsTopology.Site;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts, in each site's namespace and per peer, the site's own probes that leave over its standby
 * link to pop-2 (an nftables counter per peer on the output hook: {@code oifname "p2" ip daddr PEER
 * udp dport 7000}). A fault's time to protect is when the first probe to a peer that was reached
 * over pop-1 at injection is counted there: the first probe seen on the new path. (Peers already
 * reached over pop-2, because an earlier fault moved them, do not count.)
 */
final class ProtectionWatch {
  private static final String TABLE = "sxwatch";
  private static final Pattern RULE = Pattern.compile("ip daddr (\\S+) .*packets (\\d+)");

  private final Site site;
  private final List<String> peers;
  private Map<String, Long> before = Map.of();
  private List<String> watched = List.of();

  ProtectionWatch(Site site, List<Site> all) {
    this.site = site;
    this.peers = all.stream().filter(s -> s != site).map(Site::address).toList();
    StringBuilder rules = new StringBuilder();
    for (String p : peers) {
      rules.append("    oifname \"").append(site.toPop2().ifA()).append("\" ip daddr ").append(p)
          .append(" udp dport ").append(NetnsTopology.PROBE_PORT).append(" counter\n");
    }
    site.ns().nft("table inet " + TABLE + " {\n  chain out {\n    type filter hook output priority 0; policy accept;\n"
        + rules + "  }\n}\n");
  }

  /** At injection: which peers the site reaches over pop-1 now, and their counters. */
  void arm() {
    watched = peers.stream().filter(p -> site.ns().ip("route", "get", p).contains(" dev " + site.toPop1().ifA() + " "))
        .toList();
    before = counters();
  }

  /** Whether a probe to a peer that was reached over pop-1 at {@link #arm()} has left over pop-2 since. */
  boolean moved() {
    Map<String, Long> now = counters();
    return watched.stream().anyMatch(p -> now.getOrDefault(p, 0L) > before.getOrDefault(p, 0L));
  }

  private Map<String, Long> counters() {
    String out = site.ns().exec(NetLab.NFT.toString(), "list", "chain", "inet", TABLE, "out");
    Map<String, Long> m = new HashMap<>();
    for (String line : out.lines().toList()) {
      Matcher r = RULE.matcher(line);
      if (r.find()) {
        m.put(r.group(1), Long.parseLong(r.group(2)));
      }
    }
    return m;
  }
}
