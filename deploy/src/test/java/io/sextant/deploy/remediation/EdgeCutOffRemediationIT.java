package io.sextant.deploy.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.sextant.alarm.service.AlarmServiceConfig;
import io.sextant.bus.pulsar.BusSettings;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionKind;
import io.sextant.common.model.ActionState;
import io.sextant.node.central.CentralNode;
import io.sextant.node.central.config.CentralConfig;
import io.sextant.node.central.config.StoreSettings;
import io.sextant.node.edge.EdgeNode;
import io.sextant.node.edge.config.EdgeConfig;
import io.sextant.node.edge.config.EdgeConfigFile;
import io.sextant.store.PostgresStore;
import io.sextant.store.StoreConfig;
import io.sextant.store.Stores;
import io.sextant.testkit.postgres.SharedPostgres;
import io.sextant.testkit.pulsar.SharedPulsar;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Edge autonomy on live inputs: a live edge (real scrape source, its runbook directory, the command
 * adapter) starts cut off from the broker. The gateway it watches goes down; the edge detects it,
 * runs its local runbook, whose step is an allow-listed command (a script "restarting" the gateway
 * with the unit from the action), and verifies the repair on the gateway coming back: all while
 * nothing can reach the centre. Then the way to the broker opens, and the action's audit (every
 * lifecycle step and the command's call with its exit status) reaches a live centre's store, each
 * event exactly once.
 */
class EdgeCutOffRemediationIT {
  @TempDir Path dir;

  @Test
  void aCutOffEdgeRepairsThroughTheCommandAdapterAndItsAuditReachesTheCentreOnceAfterReconnecting() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String site = "ec-" + run + "-edge";
    String centre = "ec-" + run + "-central";
    String broker = SharedPulsar.withNamespaces(site, centre);
    URI brokerUri = URI.create(broker);
    Path healthy = dir.resolve("gateway.healthy");
    Files.writeString(healthy, "boot");
    HttpServer gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
    gateway.createContext("/metrics", ex -> {
      try (ex) {
        boolean up = Files.exists(healthy);
        byte[] body = (up ? "gateway_sessions 12\n" : "restarting\n").getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(up ? 200 : 503, body.length);
        ex.getResponseBody().write(body);
      }
    });
    gateway.start();
    Path script = Files.writeString(dir.resolve("restart-gateway.sh"),
        "#!/bin/sh\necho \"$1\" > " + healthy + "\necho restarted \"$1\"\n");
    Files.createDirectories(dir.resolve("runbooks"));
    Files.writeString(dir.resolve("runbooks/restart-gateway.yaml"), """
        id: restart-gateway
        description: Restart the site gateway when its scrape target goes down.
        scope: edge
        trigger: {detection: up}
        action: {kind: RESTART, options: {unit: sextant-gw.service}}
        steps: [{command: restart-gateway}]
        guard: {maxActions: 2, window: 1h}
        verify: {kpi: [up], within: 20s, stableFor: 2s}
        """);
    try (Gate gate = new Gate(new InetSocketAddress(brokerUri.getHost(), brokerUri.getPort()))) {
      Files.writeString(dir.resolve("edge.yaml"), """
          site: %s
          data-dir: data
          interval: 1s
          bus: {service-url: "%s"}
          sources:
            scrape:
              - {name: gateway, url: "http://127.0.0.1:%d/metrics", timeout: 500ms}
          detection:
            rules:
              - {metric: up, detector: baseline, direction: down, minAbsoluteEffect: 0.5, warmUpPoints: 3, sigmaFloor: 0.05}
          runbooks: runbooks
          actuators:
            commands:
              timeout: 5s
              allow:
                restart-gateway: {run: [/bin/sh, "%s", "{unit}"]}
          """.formatted(site, gate.serviceUrl(), gateway.getAddress().getPort(), script));
      EdgeConfig edgeConfig = EdgeConfigFile.load(dir.resolve("edge.yaml"), null);
      SharedPostgres.Database pg = SharedPostgres.fresh("edge_cut_off");
      try (EdgeNode edge = new EdgeNode(edgeConfig, Clock.systemUTC())) {
        Thread edgeLoop = loop("edge", () -> edge.run(new PrintStream(System.out, true)));
        Thread.sleep(6_000); // the detector's warm-up on a healthy gateway
        Files.delete(healthy); // the gateway goes down while the edge is cut off
        var executor = edge.pipeline().reasoner().repair().executor();
        Awaitility.await("the edge restarts the gateway on its own").atMost(60, TimeUnit.SECONDS)
            .pollInterval(Duration.ofMillis(100)).until(() -> !executor.inFlight().isEmpty());
        assertThat(Files.readString(healthy).strip()).as("the unit, from the action").isEqualTo("sextant-gw.service");
        Awaitility.await("the edge judges the repair while cut off").atMost(60, TimeUnit.SECONDS)
            .until(() -> executor.inFlight().isEmpty());
        assertThat(edge.outbox().depth()).as("everything waits in the outbox").isPositive();

        CentralConfig centreConfig = new CentralConfig(centre, List.of(site), BusSettings.pulsar(broker),
            new StoreSettings(pg.jdbcUrl(), pg.user(), null, null), null, Duration.ofSeconds(1), null, null, null,
            null, AlarmServiceConfig.parse(""), 2, new InetSocketAddress("127.0.0.1", 0), null, null, null, null,
            null);
        try (CentralNode central = new CentralNode(centreConfig, Clock.systemUTC());
            PostgresStore store = Stores.open(StoreConfig.external(pg.jdbcUrl(), pg.user(), null))) {
          Thread centreLoop = loop("central", () -> central.run(new PrintStream(System.out, true)));
          Thread.sleep(3_000);
          assertThat(audit(store, site)).as("nothing reaches the centre while the edge is cut off").isEmpty();

          gate.open();
          // The edge keeps scraping every second, so the outbox is empty between sends, not at every
          // instant; once it was, every audit event has been sent.
          Awaitility.await("the outbox drains").atMost(120, TimeUnit.SECONDS)
              .pollInterval(Duration.ofMillis(50)).until(() -> edge.outbox().depth() == 0);
          Awaitility.await("every action's audit reaches the centre").atMost(60, TimeUnit.SECONDS)
              .until(() -> everyActionVerified(audit(store, site)));
          Thread.sleep(3_000); // anything sent twice would have arrived by now
          List<ActionEvent> audit = audit(store, site);
          // One action normally; a scrape that times out on a loaded machine is a target down too
          // (the built-in up-down rule needs no learning), and its restart is a second action. Each
          // action's steps arrive once each and in order (the bus keeps order per action, by key).
          Map<String, List<ActionState>> byAction = audit.stream().collect(Collectors.groupingBy(
              e -> e.action().id(), LinkedHashMap::new, Collectors.mapping(ActionEvent::state, Collectors.toList())));
          assertThat(byAction).as("the actions' audit, by action").isNotEmpty().allSatisfy((id, states) ->
              assertThat(states).as(id).containsExactly(ActionState.PROPOSED, ActionState.APPROVED,
                  ActionState.CALL, ActionState.APPLIED, ActionState.VERIFIED));
          assertThat(audit).extracting(ActionEvent::id).doesNotHaveDuplicates();
          assertThat(audit).filteredOn(e -> e.state() == ActionState.CALL).extracting(ActionEvent::detail)
              .containsOnly("command restart-gateway run: [/bin/sh, " + script
                  + ", sextant-gw.service] exit 0; output: restarted sextant-gw.service");
          assertThat(audit).extracting(e -> e.action().kind()).containsOnly(ActionKind.RESTART);
          central.stop();
          centreLoop.join(10_000);
        }
        edge.stop();
        edgeLoop.join(10_000);
      }
    } finally {
      gateway.stop(0);
    }
  }

  static boolean everyActionVerified(List<ActionEvent> audit) {
    Map<String, Boolean> verified = new LinkedHashMap<>();
    audit.forEach(e -> verified.merge(e.action().id(), e.state() == ActionState.VERIFIED, Boolean::logicalOr));
    return !verified.isEmpty() && !verified.containsValue(false);
  }

  static List<ActionEvent> audit(PostgresStore store, String site) {
    return store.auditLog().stream().filter(e -> e.site().equals(site)).toList();
  }

  interface Body {
    void run() throws Exception;
  }

  static Thread loop(String name, Body body) {
    Thread t = new Thread(() -> {
      try {
        body.run();
      } catch (Exception e) {
        Thread.currentThread().interrupt();
      }
    }, name);
    t.start();
    return t;
  }
}
