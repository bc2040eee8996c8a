package io.sextant.deploy.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.central.policy.PolicyFile;
import io.sextant.common.model.Severity;
import io.sextant.node.central.config.CentralConfig;
import io.sextant.node.central.config.CentralConfigFile;
import io.sextant.node.central.config.TopologyFile;
import io.sextant.node.edge.config.EdgeConfig;
import io.sextant.node.edge.config.EdgeConfigFile;
import io.sextant.common.action.Step;
import io.sextant.runbook.load.RunbookLoader;
import io.sextant.runbook.model.Runbook;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The example configurations the distribution ships (deploy/config) load as they are. */
class ShippedConfigsTest {

  @Test
  void theSimulatedExamplesLoadAndAgreeOnTheSimulation() {
    CentralConfig central = CentralConfigFile.load(Path.of("config/central.yaml"));
    assertThat(central.namespace()).isEqualTo("central");
    assertThat(central.servedSites()).containsExactly("central", "edge-1", "edge-2", "edge-3");
    assertThat(central.store().jdbcUrl()).isNull();
    assertThat(central.simulation().speed()).isEqualTo(60);
    assertThat(central.bus().pulsarConfig("central").topicName("samples"))
        .isEqualTo("persistent://sextant/central/samples");
    EdgeConfig edge = EdgeConfigFile.load(Path.of("config/edge.yaml"), null);
    assertThat(edge.site()).isEqualTo("edge-1");
    assertThat(edge.metricsPort()).isEqualTo(9464);
    assertThat(edge.simulation()).isEqualTo(central.simulation());
  }

  @Test
  void theLiveExamplesLoad() {
    EdgeConfig edge = EdgeConfigFile.load(Path.of("config/edge-live.yaml"), null);
    assertThat(edge.simulation()).isNull();
    assertThat(edge.interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(edge.sources().host().node()).isEqualTo("gw-1");
    assertThat(edge.sources().probes().peers()).extracting(p -> p.site()).containsExactly("edge-2", "central");
    assertThat(edge.rules().forMetric("host_cpu_busy_ratio")).isPresent();
    CentralConfig central = CentralConfigFile.load(Path.of("config/central-live.yaml"));
    assertThat(central.simulation()).isNull();
    assertThat(central.servedSites()).containsExactly("central", "edge-1", "edge-2");
    assertThat(central.policyFile()).isEqualTo(Path.of("config/upload-policy.yaml").toAbsolutePath());
    assertThat(central.topologyFile()).isEqualTo(Path.of("config/topology.yaml").toAbsolutePath());
    assertThat(central.retention().raw()).isEqualTo(Duration.ofDays(15));
    assertThat(central.models().every()).isEqualTo(Duration.ofHours(24));
    assertThat(central.models().canary()).isTrue();
    assertThat(PolicyFile.read(central.policyFile(), Instant.EPOCH)).containsOnlyKeys("edge-1", "edge-2");
    assertThat(TopologyFile.read(central.topologyFile()).sites()).isNotEmpty();
    // A threshold beside the learned rules, and the operator's catalog on the built-in one.
    assertThat(edge.thresholds().byName()).containsKeys("lossy-links", "up-down", "probe-path-dead");
    assertThat(edge.thresholds().byName().get("lossy-links").levels()).hasSize(3);
    assertThat(central.catalog().forMetric("up").severity()).isEqualTo(Severity.CRITICAL);
    assertThat(central.catalog().forMetric("acme_rectifier_ok").probableCause()).isEqualTo("acmeRectifierFault");
    assertThat(central.catalog().forMetric("probe_loss_ratio").probableCause()).isEqualTo("transmissionError");
    assertThat(central.noData().after()).isEqualTo(Duration.ofMinutes(1));
    assertThat(central.noData().samplesAfter()).isEqualTo(Duration.ofMinutes(2));
  }

  /** config/local: a centre and two edges on one machine, as shipped (DistributionIT runs them). */
  @Test
  void theOneMachineExamplesLoadWithNothingOutsideTheDistribution() {
    Path dist = Path.of("").toAbsolutePath();
    CentralConfig central = CentralConfigFile.load(Path.of("config/local/central.yaml"));
    EdgeConfig edge1 = EdgeConfigFile.load(Path.of("config/local/edge-1.yaml"), null);
    EdgeConfig edge2 = EdgeConfigFile.load(Path.of("config/local/edge-2.yaml"), null);
    assertThat(central.simulation()).isNull();
    assertThat(central.servedSites()).containsExactlyInAnyOrder(edge1.site(), edge2.site());
    assertThat(central.http().getPort()).isEqualTo(9093);
    assertThat(central.bus().pulsarConfig("central").serviceUrl()).isEqualTo("pulsar://127.0.0.1:6650");
    assertThat(central.models().keyDir().normalize()).startsWithRaw(dist);
    assertThat(TopologyFile.read(central.topologyFile()).sites()).hasSize(2);
    for (EdgeConfig e : java.util.List.of(edge1, edge2)) {
      assertThat(e.simulation()).isNull();
      assertThat(e.dataDir().normalize()).startsWithRaw(dist);
      assertThat(e.automation().dryRun()).isTrue();
      assertThat(RunbookLoader.load(e.runbooks()).problems()).isEmpty();
    }
    assertThat(edge1.metricsPort()).isNotEqualTo(edge2.metricsPort());
  }

  @Test
  void theLiveExamplesRemediateThroughTheShippedRunbooksInDryRunFirst() {
    EdgeConfig edge = EdgeConfigFile.load(Path.of("config/edge-live.yaml"), null);
    CentralConfig central = CentralConfigFile.load(Path.of("config/central-live.yaml"));
    assertThat(edge.runbooks()).isEqualTo(Path.of("config/runbooks").toAbsolutePath());
    assertThat(central.runbooks()).isEqualTo(edge.runbooks());
    RunbookLoader.Loaded shipped = RunbookLoader.load(central.runbooks());
    assertThat(shipped.problems()).isEmpty();
    assertThat(shipped.runbooks()).extracting(Runbook::id).containsExactlyInAnyOrder("elastic-bandwidth-burst",
        "elastic-bandwidth-tc", "qos-gold-on-jitter", "reroute-lossy-link-sdn", "restart-gateway", "scale-in-idle-service");
    // Every step of every shipped runbook has its adapter in the node of its scope.
    for (Runbook r : shipped.runbooks()) {
      for (Step s : r.steps()) {
        boolean there = switch (s.adapter()) {
          case HOOK -> (r.scope() == Runbook.Scope.CENTRAL ? central.actuators() : edge.actuators()).hooks()
              .containsKey(s.name());
          case COMMAND -> (r.scope() == Runbook.Scope.CENTRAL ? central.actuators() : edge.actuators()).commands()
              .allow().containsKey(s.name());
          case KUBERNETES -> false;
          case ROUTING -> (r.scope() == Runbook.Scope.CENTRAL ? central.actuators() : edge.actuators()).routing() != null;
          case TC -> (r.scope() == Runbook.Scope.CENTRAL ? central.actuators() : edge.actuators()).tc() != null;
        };
        assertThat(there).as(r.id() + " step " + s).isTrue();
      }
    }
    assertThat(edge.automation().dryRun()).isTrue();
    assertThat(central.automation().dryRun()).isTrue();
    assertThat(central.actuators().callbacks().listen().getPort()).isEqualTo(9180);
  }
}
