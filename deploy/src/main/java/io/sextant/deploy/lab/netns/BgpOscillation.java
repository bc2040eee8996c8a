package io.sextant.deploy.lab.netns;

import io.sextant.common.frr.BgpPath;
import io.sextant.common.frr.FrrJson;
import io.sextant.common.netns.ExaBgp;
import io.sextant.common.netns.NetLab;
import io.sextant.common.netns.Netns;
import io.sextant.deploy.lab.netns.NetnsTopology.Site;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The lab's BGP route oscillation: an external peer of one site (its own namespace {@code ext-<i>},
 * AS {@value #EXT_AS}, Debian's exabgp) joined to the site's router by two veths, each with its
 * own eBGP session. Both sessions announce the service prefix {@code 10.210.<i>.0/24}: the
 * <em>steady</em> one ({@code 10.205.<i>.2}) always, with local preference {@value #STEADY_PREF} at
 * the site, the <em>flapping</em> one ({@code 10.204.<i>.2}) at the default 100, so its path is
 * the best one while it is there. During the fault the flapping session withdraws and announces the
 * prefix every {@link #HALF_PERIOD} (links and sessions stay up): the site's best path swings
 * between the two sessions. Protection pins it to the steady session (the routing adapter's route
 * map on the flapping session, local preference 10); the prefix is the site's own (not announced
 * to the PoPs), so no other site, probe path or fault sees it.
 */
final class BgpOscillation {
  static final int EXT_AS = 65200;
  static final int STEADY_PREF = 90;
  /** Announced for this long, withdrawn for this long: two flaps reach the suppress threshold in ~4 s. */
  static final Duration HALF_PERIOD = Duration.ofSeconds(1);
  /**
   * The edge's damping in lab time (RFC 2439's 15 min half-life would keep a lab's route suppressed
   * for an hour): 1000 a flap, suppress 2000, reuse 750 as ever; with a flap every 2 s the penalty
   * levels near 2,700 and falls below reuse ~6 s after the flapping stops.
   */
  static final String HALF_LIFE = "3s";
  static final String MAX_SUPPRESS = "12s";
  /** How long the penalty must stay below reuse before traffic goes back to the flapping session. */
  static final String WAIT_TO_RESTORE = "10s";

  private final Site site;
  private final ExaBgp exabgp;
  private volatile Thread flapper;

  private BgpOscillation(Site site, ExaBgp exabgp) {
    this.site = site;
    this.exabgp = exabgp;
  }

  /** The service prefix of site {@code i}, watched by its edge's BGP source. */
  static String prefix(int index) {
    return "10.210." + index + ".0/24";
  }

  /** The flapping session's neighbor address, as the site's router sees it. */
  static String flappingPeer(int index) {
    return "10.204." + index + ".2";
  }

  /** exabgp names a session by its neighbor: the site's end of the /30 ({@code .1}). */
  private static String siteEnd(String extEnd) {
    return extEnd.substring(0, extEnd.lastIndexOf('.')) + ".1";
  }

  static String steadyPeer(int index) {
    return "10.205." + index + ".2";
  }

  /** The BGP source's resource of the flapping session at {@code site}. */
  static String session(String site, int index) {
    return "bgp-session:" + site + "/" + site + "/" + flappingPeer(index);
  }

  /**
   * The edges' runbook directory, with the one runbook that protects a site from a flapping
   * session: the edge acts, not the centre, because the session, the BGP state that shows the flap
   * and the router to change are all the site's own (no bus round trip, and it works cut off).
   */
  static Path edgeRunbooks(Path dir) throws IOException {
    Path d = Files.createDirectories(dir.resolve("runbooks-edge"));
    Files.writeString(d.resolve("protect-flapping-bgp-session.yaml"), RUNBOOK, StandardCharsets.UTF_8);
    return d;
  }

  static final String RUNBOOK = """
      id: protect-flapping-bgp-session
      description: >-
        Move traffic off a BGP session that keeps withdrawing a prefix (its flap penalty reached the suppress
        threshold), by policy on the site's own FRR; move it back once the penalty has stayed below reuse for
        the wait-to-restore.
      scope: edge
      trigger: {detection: bgp_flap_penalty}
      action: {kind: REROUTE}
      steps: [{routing: reroute}]
      guard: {maxActions: 3, window: 10m, allow: ["bgp-session:*"]}
      verify: {kpi: [bgp_session_up], within: 20s, stableFor: 2s, waitToRestore: %s}
      """.formatted(WAIT_TO_RESTORE);

  /** The oscillating site's extra {@code sources.bgp} lines: the service prefix, damping in seconds. */
  static String edgeBgpLines(Site site) {
    return "    prefixes: [\"" + prefix(site.index()) + "\"]\n    dampening: {half-life: " + HALF_LIFE
        + ", max-suppress: " + MAX_SUPPRESS + "}\n";
  }

  /** The oscillating site's extra routing-adapter session: the flapping one, checked on the service prefix. */
  static String edgeRoutingLines(Site site) {
    return "      " + site.id() + "~ext-flapping: {neighbor: " + flappingPeer(site.index()) + ", prefix: \""
        + prefix(site.index()) + "\"}\n";
  }

  /** Builds the external peer of {@code site}, brings both sessions up and announces the prefix on both. */
  static BgpOscillation build(NetLab lab, Site site) {
    int i = site.index();
    Netns ext = lab.namespace("ext-" + i);
    lab.link(site.ns(), "x1", "10.204." + i + ".1/30", ext, "x1", flappingPeer(i) + "/30");
    lab.link(site.ns(), "x2", "10.205." + i + ".1/30", ext, "x2", steadyPeer(i) + "/30");
    site.router().configure(
        "route-map ext-steady-in permit 10", "set local-preference " + STEADY_PREF, "exit",
        "router bgp " + (65000 + i),
        "neighbor " + flappingPeer(i) + " remote-as " + EXT_AS,
        "neighbor " + steadyPeer(i) + " remote-as " + EXT_AS,
        "address-family ipv4 unicast",
        "neighbor " + steadyPeer(i) + " route-map ext-steady-in in",
        // exabgp offers no route refresh: a soft inbound clear (the routing adapter's) needs FRR's own copy
        "neighbor " + flappingPeer(i) + " soft-reconfiguration inbound",
        "neighbor " + steadyPeer(i) + " soft-reconfiguration inbound",
        "exit-address-family", "exit");
    StringBuilder neighbors = new StringBuilder();
    for (String[] s : List.of(new String[] {"10.204." + i + ".1", flappingPeer(i)},
        new String[] {"10.205." + i + ".1", steadyPeer(i)})) {
      neighbors.append("""
          neighbor %s {
            router-id %s;
            local-address %s;
            local-as %d;
            peer-as %d;
            hold-time 3;
            api { processes [ ctl ]; }
          }
          """.formatted(s[0], s[1], s[1], EXT_AS, 65000 + i));
    }
    BgpOscillation o = new BgpOscillation(site, lab.exabgp(ext, neighbors.toString()));
    NetLab.awaitTrue(() -> site.router().vtysh("show bgp summary json").split("\"Established\"").length >= 5,
        "exabgp's two sessions with " + site.id() + " are established");
    o.exabgp.send("neighbor " + siteEnd(steadyPeer(i)) + " announce route " + prefix(i) + " next-hop self");
    o.exabgp.send("neighbor " + siteEnd(flappingPeer(i)) + " announce route " + prefix(i) + " next-hop self");
    NetLab.awaitTrue(() -> paths(o).size() == 2, site.id() + " has both paths to " + prefix(i));
    return o;
  }

  /** Starts withdrawing and re-announcing the prefix on the flapping session, every {@link #HALF_PERIOD}. */
  synchronized void start() {
    String peer = siteEnd(flappingPeer(site.index()));
    String route = " route " + prefix(site.index()) + " next-hop self";
    Thread t = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          exabgp.send("neighbor " + peer + " withdraw" + route);
          Thread.sleep(HALF_PERIOD.toMillis()); // the oscillation's rhythm
          exabgp.send("neighbor " + peer + " announce" + route);
          Thread.sleep(HALF_PERIOD.toMillis());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "bgp-oscillation-" + site.id());
    t.setDaemon(true);
    flapper = t;
    t.start();
  }

  /** Stops flapping and leaves the prefix announced on the flapping session (stable again). */
  synchronized void stop() {
    Thread t = flapper;
    if (t != null) {
      t.interrupt();
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      flapper = null;
    }
    exabgp.send("neighbor " + siteEnd(flappingPeer(site.index())) + " announce route " + prefix(site.index())
        + " next-hop self");
  }

  /**
   * Whether traffic is protected, as FRR shows it: the flapping session's path is there, ranked
   * below the steady session's (its local preference under {@value #STEADY_PREF}: a policy on the
   * session, not a path just re-announced whose next hop zebra has not resolved yet, which is
   * briefly not best either) and not best, and the steady session's path is best. Between a
   * withdrawal and the next announcement it cannot be told, and this says no.
   */
  boolean pinnedToSteady() {
    List<BgpPath> paths = paths(this);
    String flapping = flappingPeer(site.index());
    return paths.stream().anyMatch(p -> p.peer().equals(flapping) && !p.best() && p.localPref() < STEADY_PREF)
        && paths.stream().anyMatch(p -> p.peer().equals(steadyPeer(site.index())) && p.best());
  }

  private static List<BgpPath> paths(BgpOscillation o) {
    String prefix = prefix(o.site.index());
    return FrrJson.paths(o.site.router().vtysh("show bgp ipv4 unicast " + prefix + " json"), prefix);
  }
}
