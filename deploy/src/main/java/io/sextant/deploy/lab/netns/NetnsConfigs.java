package io.sextant.deploy.lab.netns;

import io.sextant.deploy.lab.netns.NetnsTopology.Site;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The configuration files of the netns lab's processes, written as an operator would: the centre's
 * (topology file, the reroute runbook through pop-1's FRR) and one per edge site (its real sources
 * and the routing adapter of its own router).
 */
final class NetnsConfigs {
  /**
   * Probes per peer per window: enough for a 2 % loss to show in one window. Each edge sends the
   * count beside each window's loss ({@code probe_sent}), which the centre's localizer weighs the
   * window by; docs/lab-netns.md gives the detection statistics.
   */
  static final int PROBES = 200;
  static final String PROBE_SPACING = "2ms";
  static final String PROBE_TIMEOUT = "300ms";
  /**
   * The edge detector on a path's loss: fires above 1 % (5 floor sigmas) in 2 windows in a row. The
   * {@code baseline} detector, which the statistics in docs/lab-netns.md are for; a configured
   * rule's default ({@code auto}) learnt the lab's loss into its baseline and resolved late (a 2 %
   * loss went unseen, a reroute's verification timed out).
   */
  static final double MIN_LOSS_EFFECT = 0.01;
  static final double LOSS_SIGMA_FLOOR = 0.002;
  static final int WARM_UP_WINDOWS = 5;
  static final int METRICS_PORT = 9464;
  /**
   * Protection: now that its probes cross the avoided link itself, a healed link is safe to restore
   * soon. What keeps a lossy link from being restored is the wait-to-restore: every one of its 20
   * windows must be healthy. 100 probes a window (a round adds 0.5 s to the window of each end),
   * healthy at most 1 lost: a 2 % loss passes a window 41 % of the time (its alarm may clear for a
   * moment, and is raised again), 20 in a row 1.5 × 10⁻⁸; a clean veth losing 0.2 % under load
   * fails a window 1.7 % of the time, which restarts the wait.
   */
  static final String WAIT_TO_RESTORE = "20s";
  static final int PROTECTION_PROBES = 100;
  static final double HEALTHY_LOSS = 0.01;

  private NetnsConfigs() {}

  static Path topology(Path dir, NetnsTopology net) throws IOException {
    return write(dir.resolve("topology.yaml"), net.topologyYaml());
  }

  static Path central(Path dir, NetnsTopology net, String serviceUrl, String jdbcUrl, String jdbcUser)
      throws IOException {
    Files.createDirectories(dir.resolve("runbooks"));
    write(dir.resolve("runbooks/reroute-lossy-link-frr.yaml"), """
        id: reroute-lossy-link-frr
        description: Move every path off a located lossy link, by BGP policy on pop-1's FRR.
        scope: central
        trigger: {diagnosis: LINK_LOSS}
        action: {kind: REROUTE}
        steps: [{routing: reroute}]
        verify: {kpi: [probe_loss_ratio], within: 30s, stableFor: 3s, rollback: true}
        """);
    StringBuilder links = new StringBuilder();
    for (Map.Entry<String, String[]> e : net.pop1RoutedLinks().entrySet()) {
      links.append("      ").append(e.getKey()).append(": {neighbor: ").append(e.getValue()[0]).append(", prefix: ")
          .append(e.getValue()[1]).append("}\n");
    }
    List<String> sites = net.sites().stream().map(Site::id).toList();
    return write(dir.resolve("central.yaml"), """
        site: central
        sites: [%s]
        interval: 1s
        topology-file: topology.yaml
        runbooks: runbooks
        bus: {type: pulsar, service-url: "%s"}
        store: {jdbc-url: "%s", user: %s}
        http: {listen: "127.0.0.1:0"}
        actuators:
          routing:
            socket-dir: %s
            prepend: 3
            links:
        %s
        # Protection probes cross the avoided link itself (each site's pinned address), so a
        # healed link is restored after a short wait.
        protection: {wait-to-restore: %s, probes: %d, healthy-loss: %s}
        """.formatted(String.join(", ", sites), serviceUrl, jdbcUrl, jdbcUser, net.pop1Router().socketDir(),
        links.toString().stripTrailing(), WAIT_TO_RESTORE, PROTECTION_PROBES, HEALTHY_LOSS));
  }

  static Path edge(Path dir, NetnsTopology net, Site site, String serviceUrl) throws IOException {
    return edge(dir, net, site, serviceUrl, false);
  }

  /**
   * @param oscillating the site has the external peer of {@link BgpOscillation}: its edge watches the
   *     service prefix and may move traffic off the flapping session through its own FRR
   */
  static Path edge(Path dir, NetnsTopology net, Site site, String serviceUrl, boolean oscillating)
      throws IOException {
    Path runbooks = BgpOscillation.edgeRunbooks(dir);
    StringBuilder peers = new StringBuilder();
    for (Site peer : net.sites()) {
      if (peer != site) {
        peers.append("      - {site: ").append(peer.id()).append(", udp: \"").append(peer.address()).append(':')
            .append(NetnsTopology.PROBE_PORT).append("\", via: {").append(peer.pop1Link()).append(": \"")
            .append(peer.pinnedAddress()).append(':').append(NetnsTopology.PROBE_PORT).append("\"}}\n");
      }
    }
    Site far = net.sites().get(site.index() == 0 ? 1 : 0);
    return write(dir.resolve("edge-" + site.id() + ".yaml"), """
        site: %1$s
        data-dir: %2$s
        interval: 1s
        bus: {type: pulsar, service-url: "%3$s"}
        ports: {metrics: %4$d}
        sources:
          host: {node: %1$s-gw}
          scrape:
            - {url: "http://127.0.0.1:%4$d/metrics", name: sextant-edge}
          probes:
            listen: "%5$s:%6$d"
            count: %7$d
            interval: %8$s
            timeout: %9$s
            links: {%15$s: "%18$s:%6$d"}
            peers:
        %10$s
          bgp:
            socket-dir: %11$s
            router: %1$s
            interval: 500ms
        %19$sdetection:
          rules:
            - {metric: probe_loss_ratio, detector: baseline, direction: up, minAbsoluteEffect: %12$s, warmUpPoints: %13$d, sigmaFloor: %14$s}
        actuators:
          routing:
            socket-dir: %11$s
            links:
              %15$s: {neighbor: %16$s, prefix: %17$s}
        %20$srunbooks: %21$s
        """.formatted(site.id(), dir.resolve("data").toAbsolutePath(), serviceUrl, METRICS_PORT, site.address(),
        NetnsTopology.PROBE_PORT, PROBES, PROBE_SPACING, PROBE_TIMEOUT, peers.toString().stripTrailing(),
        site.router().socketDir(), MIN_LOSS_EFFECT, WARM_UP_WINDOWS, LOSS_SIGMA_FLOOR, site.pop1Link(),
        site.toPop1().addressB(), far.prefix(), site.pinnedAddress(),
        oscillating ? BgpOscillation.edgeBgpLines(site) : "", oscillating ? BgpOscillation.edgeRoutingLines(site) : "",
        runbooks));
  }

  private static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }
}
