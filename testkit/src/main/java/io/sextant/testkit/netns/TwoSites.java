package io.sextant.testkit.netns;

import io.sextant.common.netns.ExaBgp;
import io.sextant.common.netns.FrrRouter;
import io.sextant.common.netns.Link;
import io.sextant.common.netns.NetLab;
import io.sextant.common.netns.Netns;

/**
 * The small BGP network the routing tests share: site {@code s1} (10.10.0.0/24) behind router
 * {@code r1} (AS 65001), site {@code s2} (10.20.0.0/24) behind {@code r2} (AS 65002), the routers
 * joined by two links in eBGP: {@code a} (10.0.1.0/30) is preferred, {@code b} (10.0.2.0/30) is the
 * standby in both directions, by r1's policy alone: r1 gives what it learns over b local preference 50
 * (route map {@code standby-in}) and prepends its AS once to what it announces over b ({@code
 * standby-out}), so r2, which has no policy, prefers a by AS path length. An optional exabgp peer {@code x}
 * (AS 65003) hangs off r1 over {@code c} (10.0.3.0/30) to announce and withdraw what a test likes.
 * Timers are 1 s keepalive, 3 s hold, so a session follows its link within seconds.
 */
public record TwoSites(NetLab lab, Netns s1, Netns s2, FrrRouter r1, FrrRouter r2, Link a, Link b, Link toS1,
    Link toS2, ExaBgp x, Link c) {
  public static final String SITE1 = "10.10.0.0/24";
  public static final String SITE2 = "10.20.0.0/24";
  /** r2's addresses on link a and b: r1's neighbors, the sessions' names in r1. */
  public static final String R2_VIA_A = "10.0.1.2";
  public static final String R2_VIA_B = "10.0.2.2";
  public static final String X_VIA_C = "10.0.3.2";

  /** Builds it in {@code lab}; {@code withExaBgp} adds the exabgp peer. Sessions may still be coming up. */
  public static TwoSites build(NetLab lab, boolean withExaBgp) {
    Netns s1 = lab.namespace("s1");
    Netns s2 = lab.namespace("s2");
    Netns r1 = lab.namespace("r1");
    Netns r2 = lab.namespace("r2");
    Link toS1 = lab.link(r1, "s1", "10.10.0.1/24", s1, "gw", "10.10.0.2/24");
    Link toS2 = lab.link(r2, "s2", "10.20.0.1/24", s2, "gw", "10.20.0.2/24");
    s1.ip("route", "add", "default", "via", "10.10.0.1");
    s2.ip("route", "add", "default", "via", "10.20.0.1");
    Link a = lab.link(r1, "a", "10.0.1.1/30", r2, "a", "10.0.1.2/30");
    Link b = lab.link(r1, "b", "10.0.2.1/30", r2, "b", "10.0.2.2/30");
    Netns xns = null;
    Link c = null;
    if (withExaBgp) {
      xns = lab.namespace("x");
      c = lab.link(r1, "c", "10.0.3.1/30", xns, "c", "10.0.3.2/30");
    }
    FrrRouter fr1 = lab.frr(r1, """
        route-map standby-in permit 10
         set local-preference 50
        exit
        route-map standby-out permit 10
         set as-path prepend 65001
        exit
        router bgp 65001
         bgp router-id 10.0.0.1
         no bgp ebgp-requires-policy
         timers bgp 1 3
         neighbor 10.0.1.2 remote-as 65002
         neighbor 10.0.2.2 remote-as 65002
        """ + (withExaBgp ? " neighbor 10.0.3.2 remote-as 65003\n" : "") + """
         address-family ipv4 unicast
          network 10.10.0.0/24
          neighbor 10.0.2.2 route-map standby-in in
          neighbor 10.0.2.2 route-map standby-out out
         exit-address-family
        exit
        """);
    FrrRouter fr2 = lab.frr(r2, """
        router bgp 65002
         bgp router-id 10.0.0.2
         no bgp ebgp-requires-policy
         timers bgp 1 3
         neighbor 10.0.1.1 remote-as 65001
         neighbor 10.0.2.1 remote-as 65001
         address-family ipv4 unicast
          network 10.20.0.0/24
         exit-address-family
        exit
        """);
    ExaBgp x = null;
    if (withExaBgp) {
      x = lab.exabgp(xns, """
          neighbor 10.0.3.1 {
            router-id 10.0.0.3;
            local-address 10.0.3.2;
            local-as 65003;
            peer-as 65001;
            hold-time 3;
            api { processes [ ctl ]; }
          }
          """);
    }
    return new TwoSites(lab, s1, s2, fr1, fr2, a, b, toS1, toS2, x, c);
  }
}
