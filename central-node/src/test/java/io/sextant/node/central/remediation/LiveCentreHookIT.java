package io.sextant.node.central.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sextant.actuator.ActuatorSettings;
import io.sextant.actuator.hook.HookEvent;
import io.sextant.actuator.hook.HookSettings;
import io.sextant.alarm.service.AlarmServiceConfig;
import io.sextant.bus.pulsar.BusSettings;
import io.sextant.bus.pulsar.PulsarBus;
import io.sextant.bus.pulsar.PulsarBusConfig;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionKind;
import io.sextant.common.model.ActionState;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import io.sextant.common.model.SampleBatch;
import io.sextant.common.topology.Path;
import io.sextant.common.topology.Topology;
import io.sextant.node.central.CentralNode;
import io.sextant.node.central.config.CentralConfig;
import io.sextant.node.central.config.StoreSettings;
import io.sextant.node.central.config.TopologyFile;
import io.sextant.store.PostgresStore;
import io.sextant.store.StoreConfig;
import io.sextant.store.Stores;
import io.sextant.testkit.postgres.SharedPostgres;
import io.sextant.testkit.pulsar.SharedPulsar;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live centre (no simulation: a topology file, a runbook directory, a hook in {@code actuators:})
 * on a real broker and PostgreSQL, in the test's JVM. The test plays the edges: it publishes the
 * probe paths' loss and the edges' detections into a site's namespace, once a second. The centre
 * locates the lossy backbone link, runs the runbook's hook step (a signed CloudEvent to the test's
 * receiver, which answers 200), and then judges the repair on the KPI alone: when the loss stops
 * the action is verified; when the loss goes on (the hook's 200 changed nothing) it is rolled back
 * through the hook.
 */
class LiveCentreHookIT {
  static final String SECRET = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
  /** Two points of presence joined by a backbone and a dearer standby backbone: every path has a way around. */
  static final String TOPOLOGY = """
      sites:
        - {id: central, kind: central}
        - edge-1
        - edge-2
        - edge-3
      routers: [pop-1, pop-2]
      links:
        - {a: central, b: pop-1}
        - {a: edge-1, b: pop-1}
        - {a: edge-2, b: pop-2}
        - {a: edge-3, b: pop-2}
        - {id: backbone, a: pop-1, b: pop-2}
        - {id: standby, a: pop-1, b: pop-2, cost: 5}
      """;
  static final String RUNBOOK = """
      id: reroute-lossy-link-sdn
      description: Ask the SDN controller to move the paths off a lossy link.
      scope: central
      trigger: {diagnosis: LINK_LOSS}
      action: {kind: REROUTE}
      steps: [{hook: sdn}]
      verify: {kpi: [probe_loss_ratio], within: 12s, stableFor: 2s, rollback: true}
      """;

  static String serviceUrl;
  static TestHook hook;
  static final Topology topology = TopologyFile.parse(TOPOLOGY, "topology.yaml");
  @TempDir static java.nio.file.Path dir;

  @BeforeAll
  static void start() throws Exception {
    serviceUrl = SharedPulsar.broker().serviceUrl();
    hook = new TestHook(SECRET);
    Files.writeString(dir.resolve("topology.yaml"), TOPOLOGY);
    Files.createDirectories(dir.resolve("runbooks"));
    Files.writeString(dir.resolve("runbooks/reroute-lossy-link-sdn.yaml"), RUNBOOK);
    Files.writeString(dir.resolve("sdn.whsec"), SECRET);
  }

  @AfterAll
  static void stop() {
    hook.close();
  }

  @Test
  void reroutesAroundTheLocatedLinkThroughTheHookAndVerifiesTheRepairOnTheKpi() throws Exception {
    List<ActionEvent> audit = run(true);
    assertThat(audit).extracting(ActionEvent::state).containsSubsequence(ActionState.PROPOSED, ActionState.APPROVED,
        ActionState.APPLIED, ActionState.VERIFIED);
    assertThat(audit).extracting(ActionEvent::state).doesNotContain(ActionState.ROLLED_BACK);
    assertThat(audit).filteredOn(e -> e.state() == ActionState.CALL).extracting(ActionEvent::detail)
        .anyMatch(d -> d.startsWith("hook sdn apply#1: POST " + hook.url() + " -> 200"));
  }

  @Test
  void aHookThatAnswers200ButChangesNothingIsRolledBackThroughTheHook() throws Exception {
    List<ActionEvent> audit = run(false);
    assertThat(audit).extracting(ActionEvent::state).containsSubsequence(ActionState.APPLIED,
        ActionState.ROLLED_BACK);
    assertThat(audit).extracting(ActionEvent::state).doesNotContain(ActionState.VERIFIED);
    ActionEvent rolledBack = audit.stream().filter(e -> e.state() == ActionState.ROLLED_BACK).findFirst().orElseThrow();
    assertThat(rolledBack.detail()).contains("not recovered within PT12S").contains("hook sdn rollback done");
  }

  /**
   * Runs a fresh live centre until its action on the backbone ends; {@code repaired}: whether the
   * loss stops once the hook was called. Returns the action's audit as stored.
   */
  List<ActionEvent> run(boolean repaired) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String site = "lc-" + run + "-edges";
    String centre = "lc-" + run + "-central";
    SharedPulsar.withNamespaces(site, centre);
    // A database of its own: the centre carries on from its store at start, so a second run on the
    // first one's store would take the backbone's earlier diagnosis and action as its own.
    SharedPostgres.Database pg = SharedPostgres.fresh("livecentrehookit");
    ActuatorSettings actuators = new ActuatorSettings(null, Map.of("sdn", new ActuatorSettings.Hook(
        new HookSettings("sdn", hook.url(), dir.resolve("sdn.whsec"), null, Duration.ofSeconds(3), 2,
            Duration.ofMillis(100)), List.of())), null, null, List.of());
    CentralConfig config = new CentralConfig(centre, List.of(site), BusSettings.pulsar(serviceUrl),
        new StoreSettings(pg.jdbcUrl(), pg.user(), null, null), null, Duration.ofSeconds(1), null,
        dir.resolve("topology.yaml"), null, null, AlarmServiceConfig.parse(""), 2,
        new InetSocketAddress("127.0.0.1", 0), null, null, dir.resolve("runbooks"), actuators, null);
    List<Path> lossy = topology.pathsCrossing("backbone");
    assertThat(lossy).hasSize(8);
    int applyBefore = hook.ofType(HookEvent.APPLY).size();
    try (CentralNode node = new CentralNode(config, Clock.systemUTC());
        PulsarBus edgeClient = PulsarBus.connect(PulsarBusConfig.of(serviceUrl, site));
        PostgresStore store = Stores.open(StoreConfig.external(pg.jdbcUrl(), pg.user(), null))) {
      Thread loop = new Thread(() -> {
        try {
          node.run(System.out);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "central-node-" + run);
      loop.start();
      MessageBus edges = new MessageBus(edgeClient);
      Set<String> firing = new java.util.HashSet<>();
      String actionId = null;
      Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
      for (int w = 0; Instant.now().isBefore(deadline); w++) {
        Instant t = Instant.now();
        boolean hookCalled = hook.ofType(HookEvent.APPLY).size() > applyBefore;
        boolean losing = w >= 3 && !(repaired && hookCalled);
        List<Sample> samples = new ArrayList<>();
        for (Path p : topology.paths()) {
          boolean bad = losing && lossy.contains(p);
          samples.add(new Sample(site, "probe_loss_ratio", Labels.of("resource", p.resource()), t, bad ? 0.25 : 0.0));
        }
        edges.publish(Topic.SAMPLES, SampleBatch.of(site, t, samples)).get(30, TimeUnit.SECONDS);
        for (Path p : lossy) {
          boolean fire = losing;
          if (fire != firing.contains(p.resource())) {
            edges.publish(Topic.DETECTIONS, new Detection(null, site, t, "ewma", "probe_loss_ratio",
                Labels.of("resource", p.resource()), p.resource(), fire ? Detection.State.FIRING
                    : Detection.State.RESOLVED, fire ? 0.25 : 0.0, 0.0, fire ? 9 : 0)).get(30, TimeUnit.SECONDS);
            if (fire) {
              firing.add(p.resource());
            } else {
              firing.remove(p.resource());
            }
          }
        }
        if (actionId == null) {
          actionId = store.auditLog().stream().filter(e -> e.action().kind() == ActionKind.REROUTE)
              .filter(e -> e.action().params().getOrDefault("avoid", "").equals("backbone"))
              .filter(e -> e.time().isAfter(t.minusSeconds(120)) && e.state() == ActionState.PROPOSED)
              .map(e -> e.action().id()).filter(id -> !seenActions.contains(id)).findFirst().orElse(null);
        }
        if (actionId != null && done(store, actionId)) {
          break;
        }
        Thread.sleep(1000);
      }
      assertThat(actionId).as("the centre proposed a reroute around the backbone").isNotNull();
      seenActions.add(actionId);
      String id = actionId;
      Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> done(store, id));
      JsonNode apply = hook.ofType(HookEvent.APPLY).stream().filter(e -> e.path("id").asText().equals(id))
          .findFirst().orElseThrow();
      assertThat(apply.path("subject").asText()).isEqualTo("link:backbone");
      assertThat(apply.path("source").asText()).isEqualTo("urn:sextant:" + centre);
      assertThat(apply.at("/data/action/params/avoid").asText()).isEqualTo("backbone");
      assertThat(apply.at("/data/action/params/paths").asText()).isEqualTo("8");
      assertThat(hook.refused).isEmpty();
      if (!repaired) {
        assertThat(hook.ofType(HookEvent.ROLLBACK)).extracting(e -> e.path("id").asText()).contains(id + "/rollback");
      }
      node.stop();
      loop.join(10_000);
      return store.auditLog().stream().filter(e -> e.action().id().equals(id)).toList();
    }
  }

  static final Set<String> seenActions = java.util.concurrent.ConcurrentHashMap.newKeySet();

  static boolean done(PostgresStore store, String actionId) {
    return store.auditLog().stream().anyMatch(e -> e.action().id().equals(actionId)
        && (e.state() == ActionState.VERIFIED || e.state() == ActionState.ROLLED_BACK
            || e.state() == ActionState.UNVERIFIED || e.state() == ActionState.FAILED));
  }
}
