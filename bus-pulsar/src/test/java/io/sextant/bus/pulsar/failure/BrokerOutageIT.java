package io.sextant.bus.pulsar.failure;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.bus.pulsar.PulsarBus;
import io.sextant.bus.pulsar.PulsarBusConfig;
import io.sextant.collector.outbox.Priority;
import io.sextant.pulsar.launcher.BrokerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Pulsar broker (with its bookie and metadata store; its own standalone child JVM, which stays
 * up) is stopped for longer than the client's operation timeout (so calls in flight time out and
 * the outbox must resend them) and restarted, with its data, while three edges keep producing sample batches into their outboxes and sending them
 * over Pulsar to the real central ingest writing into PostgreSQL. Afterwards every series has
 * exactly the rows that were produced: nothing lost, nothing doubled.
 */
class BrokerOutageIT {
  static final List<String> SITES = List.of("site-1", "site-2", "site-3");
  static final int SERIES = 20;
  static final Duration PERIOD = Duration.ofMillis(200);
  static final Duration OUTAGE = PulsarBus.OPERATION_TIMEOUT.plusSeconds(10);

  @TempDir Path dir;

  @Test
  void nothingIsLostOrDoubledWhenTheBrokerIsDownLongerThanTheOperationTimeout() throws Exception {
    List<String> namespaces = new ArrayList<>(SITES);
    namespaces.add("central");
    try (BrokerProcess pulsar = BrokerProcess.start(BrokerProcess.Options.of(PulsarBusConfig.DEFAULT_TENANT, namespaces)
            .withLog(dir.resolve("pulsar.log")));
        TestCentre centre = new TestCentre(PulsarBusConfig.of(pulsar.serviceUrl(), "central"), SITES)) {
      List<TestEdge> edges = new ArrayList<>();
      try {
        for (String site : SITES) {
          edges.add(new TestEdge(site, dir, PulsarBusConfig.of(pulsar.serviceUrl(), site), SERIES, PERIOD));
        }
        edges.forEach(TestEdge::start);
        Awaitility.await().atMost(120, TimeUnit.SECONDS).until(() -> centre.rowsPerSeries().size() == SITES.size() * SERIES);
        Thread.sleep(5_000);

        long beforeOutage = edges.stream().mapToLong(TestEdge::batches).sum();
        pulsar.stopBroker();
        Thread.sleep(OUTAGE.toMillis());
        long duringOutage = edges.stream().mapToLong(TestEdge::batches).sum() - beforeOutage;
        long buffered = edges.stream().mapToLong(e -> e.outbox().depth(Priority.SAMPLES)).sum();
        pulsar.restartBroker();
        Thread.sleep(5_000);
        for (TestEdge e : edges) {
          e.stopProducing();
        }

        Map<Long, Long> expected = new HashMap<>();
        edges.forEach(e -> expected.putAll(e.producedPerSeries()));
        Awaitility.await().atMost(300, TimeUnit.SECONDS).pollInterval(1, TimeUnit.SECONDS)
            .until(() -> edges.stream().allMatch(e -> e.outbox().depth() == 0) && centre.rowsPerSeries().equals(expected));

        System.out.printf("BROKER-OUTAGE batches produced during the %d s outage: %d, buffered in outboxes when it ended: %d%n",
            OUTAGE.toSeconds(), duringOutage, buffered);
        assertThat(duringOutage).as("edges kept producing during the outage").isGreaterThan(0);
        assertThat(buffered).as("the outboxes held the batches the broker could not take").isGreaterThan(0);
        assertThat(centre.rowsPerSeries()).isEqualTo(expected);
        for (TestEdge e : edges) {
          assertThat(e.outbox().dropped(Priority.SAMPLES)).as("dropped by %s", e.site).isZero();
        }
        assertThat(centre.deadLettered()).isZero();
      } finally {
        for (TestEdge e : edges) {
          e.close();
        }
      }
    }
  }
}
