package io.sextant.deploy.lab.netns;

import io.sextant.common.netns.FrrRouter;
import io.sextant.common.netns.Link;
import io.sextant.common.netns.NetLab;
import io.sextant.common.netns.Netns;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lab's network, built in a {@link NetLab}: the central site and N edge sites, each its own
 * namespace and BGP router (site {@code i}: AS 65000+i, prefix 10.200.i.0/24 on its loopback),
 * dual-homed to two PoP routers (pop-1 AS 65101, pop-2 AS 65102) that are joined by a backbone.
 *
 * <p>Routing policy, so that every pair of sites has more than one path and the paths are the
 * least-cost ones of {@link #topologyYaml()}: a site announces only its own prefixes, and to pop-2
 * with its AS prepended twice, so traffic between sites runs over pop-1; pop-2 gives what a site
 * announces local preference 200, so that pop-2 always reaches a site over its own link and
 * advertises that to pop-1. When pop-1 stops using a site's link (its session down, or Sextant's
 * route maps on it: local preference in, AS prepend out), both directions move to pop-2's link
 * ({@code link cost} 3 against pop-1's 2 and the backbone's 2 mirror this).
 *
 * <p>The management link: the lab's own namespace (where PostgreSQL, Pulsar and the centre run)
 * is joined to the central site by a veth, 10.255.0.1 on the lab's side; the central site
 * announces it into BGP, so the edges reach the broker over the routed inter-cloud links, and a
 * route in the lab's namespace sends 10.200.0.0/16 back through the central site. Zebra gives the
 * sites' BGP routes the site address as their source, so every reply has a route back.
 */
public final class NetnsTopology {
  public static final String CENTRAL = "central";
  public static final String POP1 = "pop-1";
  public static final String POP2 = "pop-2";
  public static final String BROKER_HOST = "10.255.0.1";
  static final String MGMT_NET = "10.255.0.0/30";
  static final String SITES_NET = "10.200.0.0/16";
  static final int POP1_AS = 65101;
  static final int POP2_AS = 65102;
  /** The UDP port of every site's probe responder (on its site address). */
  public static final int PROBE_PORT = 7000;
  /** The routing table of a site's pinned source rule: its only route leaves over the pop-1 link. */
  static final int PINNED_TABLE = 201;

  /** One site: its namespace and router, and the links to the PoPs. */
  public record Site(String id, int index, Netns ns, FrrRouter router, Link toPop1, Link toPop2) {
    public String address() {
      return address(index);
    }

    public String prefix() {
      return "10.200." + index + ".0/24";
    }

    /**
     * Its address on its pop-1 link ({@code 10.201.i.1}), where protection probes across that link
     * go and leave from: announced to pop-1 alone and routed out of the link by a source rule
     * ({@link NetnsTopology#pin}), so whatever crosses it keeps crossing the link after a reroute.
     */
    public String pinnedAddress() {
      return toPop1().addressA();
    }

    /** The link id of its link to pop-1 in the topology file. */
    public String pop1Link() {
      return linkId(id, POP1);
    }

    public String pop2Link() {
      return linkId(id, POP2);
    }

    static String address(int index) {
      return "10.200." + index + ".1";
    }
  }

  private final List<Site> sites;
  private final Netns pop1;
  private final Netns pop2;
  private final FrrRouter pop1Router;
  private final FrrRouter pop2Router;

  private NetnsTopology(List<Site> sites, Netns pop1, Netns pop2, FrrRouter pop1Router, FrrRouter pop2Router) {
    this.sites = List.copyOf(sites);
    this.pop1 = pop1;
    this.pop2 = pop2;
    this.pop1Router = pop1Router;
    this.pop2Router = pop2Router;
  }

  /** The sites' ids: {@code central}, {@code edge-1} ... {@code edge-n}. */
  public static List<String> siteIds(int edgeSites) {
    List<String> ids = new ArrayList<>(List.of(CENTRAL));
    for (int i = 1; i <= edgeSites; i++) {
      ids.add("edge-" + i);
    }
    return ids;
  }

  /** Builds it; the BGP sessions may still be coming up (see {@link #awaitConverged}). */
  public static NetnsTopology build(NetLab lab, int edgeSites) {
    Netns pop1 = lab.namespace(POP1);
    Netns pop2 = lab.namespace(POP2);
    lab.link(pop1, "bb", "10.203.0.1/30", pop2, "bb", "10.203.0.2/30");
    List<String> ids = siteIds(edgeSites);
    List<Netns> namespaces = new ArrayList<>();
    List<Link[]> links = new ArrayList<>();
    StringBuilder pop1Neighbors = new StringBuilder();
    StringBuilder pop2Neighbors = new StringBuilder();
    StringBuilder pop2In = new StringBuilder();
    for (int i = 0; i < ids.size(); i++) {
      Netns ns = lab.namespace(ids.get(i));
      ns.ip("addr", "add", Site.address(i) + "/24", "dev", "lo");
      Link l1 = lab.link(ns, "p1", "10.201." + i + ".1/30", pop1, "s" + i, "10.201." + i + ".2/30");
      Link l2 = lab.link(ns, "p2", "10.202." + i + ".1/30", pop2, "s" + i, "10.202." + i + ".2/30");
      namespaces.add(ns);
      links.add(new Link[] {l1, l2});
      pop1Neighbors.append(" neighbor 10.201.").append(i).append(".1 remote-as ").append(65000 + i).append('\n');
      pop2Neighbors.append(" neighbor 10.202.").append(i).append(".1 remote-as ").append(65000 + i).append('\n');
      pop2In.append("  neighbor 10.202.").append(i).append(".1 route-map from-site in\n");
    }
    for (Netns ns : List.of(pop1, pop2)) {
      ns.exec("sysctl", "-qw", "net.ipv4.ip_forward=1");
    }
    Netns central = namespaces.get(0);
    lab.uplink(BROKER_HOST + "/30", central, "mgmt", "10.255.0.2/30");
    Netns.ROOT.ip("route", "replace", SITES_NET, "via", "10.255.0.2");
    List<Site> sites = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      Netns ns = namespaces.get(i);
      ns.exec("sysctl", "-qw", "net.ipv4.ip_forward=1");
      FrrRouter router = lab.frr(ns, zebraConfig(i), siteConfig(i, i == 0));
      Site site = new Site(ids.get(i), i, ns, router, links.get(i)[0], links.get(i)[1]);
      sites.add(site);
      ns.ip("rule", "add", "from", site.pinnedAddress(), "lookup", Integer.toString(PINNED_TABLE));
      pin(site);
    }
    FrrRouter r1 = lab.frr(pop1, "", """
        router bgp %d
         bgp router-id 10.203.0.1
         no bgp ebgp-requires-policy
         timers bgp 1 3
        %s neighbor 10.203.0.2 remote-as %d
        exit
        """.formatted(POP1_AS, pop1Neighbors, POP2_AS));
    FrrRouter r2 = lab.frr(pop2, "", """
        route-map from-site permit 10
         set local-preference 200
        exit
        router bgp %d
         bgp router-id 10.203.0.2
         no bgp ebgp-requires-policy
         timers bgp 1 3
        %s neighbor 10.203.0.1 remote-as %d
         address-family ipv4 unicast
        %s exit-address-family
        exit
        """.formatted(POP2_AS, pop2Neighbors, POP1_AS, pop2In));
    return new NetnsTopology(sites, pop1, pop2, r1, r2);
  }

  /**
   * What leaves from the site's pinned address goes out of its pop-1 link, whatever BGP prefers
   * (the source rule's table has this one route). Again after the link was down: the kernel drops
   * a down device's routes.
   */
  static void pin(Site s) {
    s.ns().ip("route", "replace", "default", "via", s.toPop1().addressB(), "dev", s.toPop1().ifA(), "table",
        Integer.toString(PINNED_TABLE));
  }

  /** Zebra: routes learnt by BGP leave from the site's own address, which every router knows. */
  private static String zebraConfig(int i) {
    return """
        route-map site-source permit 10
         set src %s
        exit
        ip protocol bgp route-map site-source
        """.formatted(Site.address(i));
  }

  /**
   * A site's BGP: its prefix to both PoPs (prepended to pop-2), and its pop-1 link's subnet, where
   * its pinned address is, to pop-1 alone, so that address is reached only over that link.
   */
  private static String siteConfig(int i, boolean central) {
    int as = 65000 + i;
    String mgmt = central ? "ip prefix-list own seq 10 permit " + MGMT_NET + "\n" : "";
    String mgmtNetwork = central ? "  network " + MGMT_NET + "\n" : "";
    return """
        ip prefix-list own seq 5 permit 10.200.%1$d.0/24
        ip prefix-list pinned seq 5 permit 10.201.%1$d.0/30
        %3$sroute-map own-out permit 10
         match ip address prefix-list own
        exit
        route-map own-out permit 20
         match ip address prefix-list pinned
        exit
        route-map standby-out permit 10
         match ip address prefix-list own
         set as-path prepend %2$d %2$d
        exit
        router bgp %2$d
         bgp router-id 10.200.%1$d.1
         no bgp ebgp-requires-policy
         timers bgp 1 3
         neighbor 10.201.%1$d.2 remote-as %5$d
         neighbor 10.202.%1$d.2 remote-as %6$d
         address-family ipv4 unicast
          network 10.200.%1$d.0/24
          network 10.201.%1$d.0/30
        %4$s  neighbor 10.201.%1$d.2 route-map own-out out
          neighbor 10.202.%1$d.2 route-map standby-out out
         exit-address-family
        exit
        """.formatted(i, as, mgmt, mgmtNetwork, POP1_AS, POP2_AS);
  }

  /** Waits until every site has a route to every other site's prefix and to the broker's address. */
  public void awaitConverged() {
    for (Site s : sites) {
      NetLab.awaitTrue(() -> {
        String routes = s.ns().ip("route", "show");
        return sites.stream().filter(o -> o != s).allMatch(o -> routes.contains(o.prefix()))
            && (s.index() == 0 || routes.contains(MGMT_NET));
      }, "BGP has given " + s.id() + " a route to every site");
    }
  }

  /**
   * The centre's topology file (docs/topology.md): sites, the PoPs as routers, every veth as a link
   * with the cost that mirrors the BGP policy; the probe paths are the least-cost ones.
   */
  public String topologyYaml() {
    StringBuilder y = new StringBuilder("# Written by sextant lab --netns: the namespaces' veth links.\nsites:\n");
    for (Site s : sites) {
      y.append(s.index() == 0 ? "  - {id: " + s.id() + ", kind: central}\n" : "  - " + s.id() + "\n");
    }
    y.append("routers: [").append(POP1).append(", ").append(POP2).append("]\nlinks:\n");
    for (Site s : sites) {
      y.append("  - {a: ").append(s.id()).append(", b: ").append(POP1).append(", cost: 2}\n");
      y.append("  - {a: ").append(s.id()).append(", b: ").append(POP2).append(", cost: 3}\n");
    }
    y.append("  - {a: ").append(POP1).append(", b: ").append(POP2).append(", cost: 2}\n");
    return y.toString();
  }

  /**
   * pop-1's links to the sites as the routing adapter's {@code links:} (the topology's link id →
   * the site's address on it and the site's prefix): the centre moves traffic off them at pop-1.
   */
  public Map<String, String[]> pop1RoutedLinks() {
    Map<String, String[]> m = new LinkedHashMap<>();
    for (Site s : sites) {
      m.put(s.pop1Link(), new String[] {s.toPop1().addressA(), s.prefix()});
    }
    return m;
  }

  public static String linkId(String a, String b) {
    return a.compareTo(b) <= 0 ? a + "~" + b : b + "~" + a;
  }

  public List<Site> sites() {
    return sites;
  }

  public Site site(String id) {
    return sites.stream().filter(s -> s.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no site " + id));
  }

  public FrrRouter pop1Router() {
    return pop1Router;
  }

  public FrrRouter pop2Router() {
    return pop2Router;
  }

  public Netns pop1() {
    return pop1;
  }

  public Netns pop2() {
    return pop2;
  }
}
