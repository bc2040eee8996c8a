package io.sextant.deploy.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.bus.pulsar.PulsarBus;
import io.sextant.bus.pulsar.PulsarBusConfig;
import io.sextant.central.protect.LinkProtection;
import io.sextant.collector.source.probe.ProbeResponder;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionKind;
import io.sextant.common.model.ActionState;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Command;
import io.sextant.common.topology.Path;
import io.sextant.common.topology.Topology;
import io.sextant.node.central.CentralNode;
import io.sextant.node.central.config.CentralConfigFile;
import io.sextant.node.central.config.TopologyFile;
import io.sextant.node.edge.EdgeNode;
import io.sextant.node.edge.config.EdgeConfigFile;
import io.sextant.store.PostgresStore;
import io.sextant.store.StoreConfig;
import io.sextant.store.Stores;
import io.sextant.testkit.postgres.SharedPostgres;
import io.sextant.testkit.pulsar.SharedPulsar;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rerouted link's whole life on live nodes: a live centre ({@link CentralNode}: topology file,
 * runbook directory, an allow-listed command as the "SDN controller") and four live edges
 * ({@link EdgeNode}: their real probe mesh, detectors, outbox and command subscription) on a real
 * broker and PostgreSQL, in the test's JVM. Each edge probes its peers at responders the test runs
 * on loopback, so the test plays the network: while the backbone is lossy, the responders of the
 * paths routed over it drop every fourth probe unless the reroute's command has run (it creates a
 * file, its undo deletes it), and each site's responder "across the backbone" (the peers' {@code
 * via}) drops every fourth probe whatever the routing.
 *
 * <p>The centre locates the backbone, reroutes through the command, sends two edges protection-probe
 * commands into their namespaces, which they carry out; their {@code link_probe_loss_ratio} keeps
 * the link's alarm open while it is lossy and clears it once healed; after the wait-to-restore the
 * RESTORE runs the command's undo, is verified on the mesh, and the probes are stopped.
 */
class LinkProtectionLiveIT {
  static final InetAddress LO = InetAddress.getLoopbackAddress();
  @TempDir java.nio.file.Path dir;

  volatile boolean linkLossy;

  @Test
  void aLiveCentreProtectsClearsAndRestoresARerouteOnLiveEdgesProbes() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 6);
    String c = "lp" + run + "-c";
    List<String> edges = List.of(c, "lp" + run + "-e1", "lp" + run + "-e2", "lp" + run + "-e3");
    String centre = "lp" + run + "-central";
    List<String> namespaces = new ArrayList<>(edges);
    namespaces.add(centre);
    String broker = SharedPulsar.withNamespaces(namespaces.toArray(String[]::new));
    String topologyText = """
        sites:
          - {id: %s, kind: central}
          - %s
          - %s
          - %s
        routers: [pop-1, pop-2]
        links:
          - {a: %1$s, b: pop-1}
          - {a: %2$s, b: pop-1}
          - {a: %3$s, b: pop-2}
          - {a: %4$s, b: pop-2}
          - {id: backbone, a: pop-1, b: pop-2}
          - {id: standby, a: pop-1, b: pop-2, cost: 5}
        """.formatted(edges.get(0), edges.get(1), edges.get(2), edges.get(3));
    Files.writeString(dir.resolve("topology.yaml"), topologyText);
    Topology topology = TopologyFile.parse(topologyText, "topology.yaml");
    List<String> overBackbone = topology.pathsCrossing("backbone").stream().map(Path::id).toList();
    java.nio.file.Path rerouted = dir.resolve("rerouted");
    Files.createDirectories(dir.resolve("runbooks"));
    Files.writeString(dir.resolve("runbooks/reroute.yaml"), """
        id: reroute-lossy-link-cmd
        description: Move the paths off a lossy link (the test's SDN controller is a command).
        scope: central
        trigger: {diagnosis: LINK_LOSS}
        action: {kind: REROUTE}
        steps: [{command: sdn-reroute}]
        verify: {kpi: [probe_loss_ratio], within: 20s, stableFor: 2s, rollback: true}
        """);

    List<AutoCloseable> open = new ArrayList<>();
    try {
      // The network: per ordered pair the peer's responder, per site its responder across the backbone.
      Map<String, InetSocketAddress> across = new LinkedHashMap<>();
      for (String s : edges) {
        ProbeResponder r = new ProbeResponder(new InetSocketAddress(LO, 0), seq -> linkLossy && seq % 4 == 0);
        open.add(r);
        across.put(s, r.address());
      }
      SharedPostgres.Database pg = SharedPostgres.fresh("link_protection_live");
      Files.writeString(dir.resolve("central.yaml"), """
          site: %s
          sites: [%s]
          interval: 1s
          topology-file: topology.yaml
          runbooks: runbooks
          bus: {type: pulsar, service-url: "%s"}
          store: {jdbc-url: "%s", user: %s}
          http: {listen: "127.0.0.1:0"}
          actuators:
            commands:
              timeout: 5s
              allow:
                sdn-reroute: {run: [/usr/bin/touch, "%s"], undo: [/bin/rm, "%s"]}
          protection: {wait-to-restore: 5s, clear-windows: 3, probes: 20, healthy-loss: 0.05}
          """.formatted(centre, String.join(", ", edges), broker, pg.jdbcUrl(), pg.user(), rerouted, rerouted));
      List<EdgeNode> edgeNodes = new ArrayList<>();
      for (String src : edges) {
        StringBuilder peers = new StringBuilder();
        for (String dst : edges) {
          if (dst.equals(src)) {
            continue;
          }
          String path = Path.idOf(src, dst);
          ProbeResponder r = new ProbeResponder(new InetSocketAddress(LO, 0),
              seq -> linkLossy && !Files.exists(rerouted) && overBackbone.contains(path) && seq % 4 == 0);
          open.add(r);
          peers.append("      - {site: %s, udp: \"127.0.0.1:%d\", via: {backbone: \"127.0.0.1:%d\"}}\n"
              .formatted(dst, r.address().getPort(), across.get(dst).getPort()));
        }
        java.nio.file.Path file = dir.resolve(src + ".yaml");
        Files.writeString(file, """
            site: %s
            data-dir: data
            interval: 1s
            bus: {service-url: "%s"}
            sources:
              probes:
                listen: "127.0.0.1:0"
                count: 20
                interval: 2ms
                timeout: 300ms
                peers:
            %s
            detection:
              rules:
                - {metric: probe_loss_ratio, detector: baseline, direction: up, minAbsoluteEffect: 0.1, warmUpPoints: 3, sigmaFloor: 0.02}
            """.formatted(src, broker, peers.toString().stripTrailing()));
        EdgeNode edge = new EdgeNode(EdgeConfigFile.load(file, null), Clock.systemUTC());
        open.add(edge);
        edgeNodes.add(edge);
      }
      // An observer of the commands that reach the sites' namespaces (its own subscription).
      List<Command> commands = new CopyOnWriteArrayList<>();
      for (String s : edges) {
        PulsarBus observer = PulsarBus.connect(PulsarBusConfig.of(broker, s));
        open.add(observer);
        new MessageBus(observer).subscribe(Topic.COMMANDS, "test-observer", commands::add);
      }
      CentralNode node = new CentralNode(CentralConfigFile.load(dir.resolve("central.yaml")), Clock.systemUTC());
      open.add(node);
      PostgresStore store = Stores.open(StoreConfig.external(pg.jdbcUrl(), pg.user(), null));
      open.add(store);
      // Closed in reverse: each node is stopped and its loop has ended before it is closed.
      open.add(stoppable(daemon("central", () -> node.run(new PrintStream(System.out, true))), node::stop));
      for (EdgeNode e : edgeNodes) {
        open.add(stoppable(daemon("edge", () -> e.run(new PrintStream(System.out, true))), e::stop));
      }
      LinkProtection protection = node.central().loop().protection();
      Thread.sleep(8_000); // the detectors' warm-up on a healthy mesh

      linkLossy = true;
      Awaitility.await("the backbone located and rerouted").atMost(90, TimeUnit.SECONDS)
          .until(() -> Files.exists(rerouted) && protection.get("backbone").isPresent());
      Awaitility.await("both ends of a path over the backbone got the probe command").atMost(30, TimeUnit.SECONDS)
          .until(() -> commands.stream().filter(cm -> cm.kind() == Command.Kind.APPLY).count() == 2);
      assertThat(commands).allSatisfy(cm -> assertThat(cm.action().kind()).isEqualTo(ActionKind.PROBE));
      Thread.sleep(5_000); // lossy protection probes: nothing clears
      assertThat(protection.get("backbone").orElseThrow().phase()).isEqualTo(LinkProtection.Phase.PROTECTING);
      assertThat(openOn(node, "link:backbone")).as("the link's alarm, while it is lossy").isNotEmpty();

      linkLossy = false;
      Awaitility.await("the link's alarm cleared on the edges' protection probes").atMost(30, TimeUnit.SECONDS)
          .until(() -> openOn(node, "link:backbone").isEmpty());
      assertThat(Files.exists(rerouted)).as("still rerouted during the wait-to-restore").isTrue();
      Awaitility.await("the routing restored and verified").atMost(60, TimeUnit.SECONDS)
          .until(() -> restore(store).stream().anyMatch(e -> e.state() == ActionState.VERIFIED));
      assertThat(Files.exists(rerouted)).as("the command's undo ran").isFalse();
      assertThat(restore(store)).extracting(ActionEvent::state).containsSubsequence(ActionState.PROPOSED,
          ActionState.APPROVED, ActionState.APPLIED, ActionState.VERIFIED);
      assertThat(restore(store)).filteredOn(e -> e.state() == ActionState.APPLIED).extracting(ActionEvent::detail)
          .allSatisfy(d -> assertThat(d).contains("undone"));
      Awaitility.await("the probes stopped").atMost(30, TimeUnit.SECONDS)
          .until(() -> commands.stream().filter(cm -> cm.kind() == Command.Kind.ROLLBACK).count() == 2);
      assertThat(protection.all()).isEmpty();
      assertThat(node.central().alarms().all()).filteredOn(a -> a.resource().equals("link:backbone"))
          .allSatisfy(a -> assertThat(a.state()).isEqualTo(Alarm.State.CLEARED));
    } finally {
      for (int i = open.size() - 1; i >= 0; i--) {
        try {
          open.get(i).close();
        } catch (Exception e) {
          System.err.println("closing: " + e);
        }
      }
    }
  }

  private static List<Alarm> openOn(CentralNode node, String resource) {
    return node.central().alarms().open().stream().filter(a -> a.resource().equals(resource)).toList();
  }

  private static List<ActionEvent> restore(PostgresStore store) {
    return store.auditLog().stream().filter(e -> e.action().kind() == ActionKind.RESTORE).toList();
  }

  private interface Body {
    void run() throws Exception;
  }

  private static AutoCloseable stoppable(Thread loop, Runnable stop) {
    return () -> {
      stop.run();
      loop.join(10_000);
    };
  }

  private static Thread daemon(String name, Body body) {
    Thread t = new Thread(() -> {
      try {
        body.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, name);
    t.setDaemon(true);
    t.start();
    return t;
  }
}
