package io.sextant.deploy.lab.netns;

import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.ActionKind;
import io.sextant.common.model.ActionState;
import io.sextant.deploy.lab.netns.NetnsScorer.Seen;
import io.sextant.deploy.lab.netns.NetnsTopology.Site;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The revertive half of protection, as the lab sees it: when the centre's restore of a healed link
 * was verified (a {@code RESTORE} action's {@code VERIFIED} event on the bus), and, read back from
 * the network at the end, whether anything is still rerouted: Sextant's route maps left on a pop-1
 * session (FRR's running configuration), or a site still reaching a peer over its standby link
 * (the kernel's route, which is what the probes take).
 */
final class RestoreWatch {
  /** The name prefix of the routing adapter's route maps. */
  static final String ROUTE_MAP = "sextant-avoid-";

  private RestoreWatch() {}

  /** The first verified restore of {@code link} that arrived at or after {@code after}. */
  static Optional<Instant> restoredAt(List<Seen> seen, String link, Instant after) {
    return seen.stream()
        .filter(s -> !s.at().isBefore(after))
        .filter(s -> s.message() instanceof ActionEvent e && e.action().kind() == ActionKind.RESTORE
            && e.state() == ActionState.VERIFIED && link.equals(e.action().params().get("link")))
        .map(Seen::at).findFirst();
  }

  /**
   * When the link's alarm was first cleared after {@code start} (the fault's injection): before the
   * fault's end means the protection took a link still lossy for healed.
   */
  static Optional<Instant> clearedAt(List<Seen> seen, String link, Instant start) {
    return seen.stream()
        .filter(s -> !s.at().isBefore(start))
        .filter(s -> s.message() instanceof Alarm a && a.state() == Alarm.State.CLEARED
            && a.resource().equals("link:" + link))
        .map(Seen::at).findFirst();
  }

  /** Whether every link in {@code links} has a verified restore after {@code after}. */
  static boolean allRestored(List<Seen> seen, List<String> links, Instant after) {
    return links.stream().allMatch(l -> restoredAt(seen, l, after).isPresent());
  }

  /** What is still rerouted now, one line each; empty when the original routing is back everywhere. */
  static List<String> leftRerouted(NetnsTopology net) {
    List<String> left = new ArrayList<>();
    for (String line : net.pop1Router().vtysh("show running-config").lines().toList()) {
      if (line.contains("route-map " + ROUTE_MAP) && line.trim().startsWith("neighbor")) {
        left.add("pop-1: " + line.trim());
      }
    }
    for (Site s : net.sites()) {
      for (Site peer : net.sites()) {
        if (peer != s && !s.ns().ip("route", "get", peer.address()).contains(" dev " + s.toPop1().ifA() + " ")) {
          left.add(s.id() + " reaches " + peer.id() + " off its pop-1 link");
        }
      }
    }
    return left;
  }
}
