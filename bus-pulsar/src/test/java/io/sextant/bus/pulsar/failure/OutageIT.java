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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outages of Pulsar while three edges keep producing sample batches into their SQLite outboxes and
 * sending them over Pulsar to the real central ingest writing into PostgreSQL; afterwards every
 * series has exactly the rows that were produced: nothing lost, nothing doubled.
 *
 * <p>One Pulsar standalone (its own child JVM, with an extra advertised listener) serves both
 * outages, each on its own three sites: first one edge's link is cut (the broker stays up), then
 * the broker itself is stopped and restarted, which is why the edge cut goes first. The clients
 * run on {@link #TIMEOUTS}, shorter than the nodes' {@link PulsarBus.Timeouts#DEFAULTS}, so that
 * an outage longer than the operation timeout, or four times the longest reconnect backoff, takes
 * seconds rather than the 40 s each the defaults need (they did, as two classes with a broker each).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutageIT {
  /** A third of the nodes' operation timeout and of their longest reconnect backoff. */
  static final PulsarBus.Timeouts TIMEOUTS = new PulsarBus.Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(3));
  static final List<String> CUT_SITES = List.of("site-1", "site-2", "site-3");
  static final String CUT_SITE = "site-1";
  static final String LISTENER = "wan-site-1";
  static final List<String> BROKER_SITES = List.of("site-4", "site-5", "site-6");
  static final int SERIES = 20;
  static final Duration PERIOD = Duration.ofMillis(200);
  /**
   * Four times the longest reconnect backoff: by then the client retries at its slowest, the
   * state any longer outage leaves it in, so a longer cut would check nothing more
   * ({@code -Dsextant.edgeOutage=PT5M} still runs a five-minute cut).
   */
  static final Duration EDGE_OUTAGE = Duration.parse(System.getProperty("sextant.edgeOutage",
      TIMEOUTS.reconnectMaxBackoff().multipliedBy(4).toString()));
  /** Longer than the operation timeout, so calls in flight time out and the outbox must resend them. */
  static final Duration BROKER_OUTAGE = TIMEOUTS.operation().plusSeconds(5);

  @TempDir static Path shared;
  private static BrokerProcess pulsar;

  @BeforeAll
  static void startBroker() throws Exception {
    List<String> namespaces = new ArrayList<>(CUT_SITES);
    namespaces.addAll(BROKER_SITES);
    namespaces.add("central");
    pulsar = BrokerProcess.start(BrokerProcess.Options.of(PulsarBusConfig.DEFAULT_TENANT, namespaces)
        .withListener(LISTENER).withLog(shared.resolve("pulsar.log")));
  }

  @AfterAll
  static void stopBroker() {
    if (pulsar != null) {
      pulsar.close();
    }
  }

  /**
   * One edge loses Pulsar (wall clock) while two others keep sending: the edge reaches the broker
   * through a relay at its own advertised listener, and the relay is cut, so only that edge's
   * connections die, and the same client must reconnect by itself afterwards.
   */
  @Test
  @Order(1)
  void anEdgeCutOffLongerThanItsLongestBackoffCatchesUpWithNothingLostOrDoubled(@TempDir Path dir) throws Exception {
    try (CuttableRelay relay = new CuttableRelay(port(pulsar.listenerUrl(LISTENER)), pulsar.brokerPort());
        TestCentre centre = new TestCentre(PulsarBusConfig.of(pulsar.serviceUrl(), "central"), CUT_SITES, TIMEOUTS)) {
      List<TestEdge> edges = new ArrayList<>();
      try {
        for (String site : CUT_SITES) {
          PulsarBusConfig config = site.equals(CUT_SITE)
              ? PulsarBusConfig.of(pulsar.listenerUrl(LISTENER), site).withListenerName(LISTENER)
              : PulsarBusConfig.of(pulsar.serviceUrl(), site);
          edges.add(new TestEdge(site, dir, config, SERIES, PERIOD, TIMEOUTS));
        }
        TestEdge cut = edges.get(0);
        edges.forEach(TestEdge::start);
        awaitEverySeries(centre, CUT_SITES);

        relay.cut();
        long othersAtCut = rowsOfOthers(centre, cut);
        long cutRowsAtCut = rowsOf(centre, cut);
        Thread.sleep(EDGE_OUTAGE.toMillis());
        long buffered = cut.outbox().depth(Priority.SAMPLES);
        long othersAtRestore = rowsOfOthers(centre, cut);
        long cutRowsAtRestore = rowsOf(centre, cut);
        relay.restore();
        Map<Long, Long> expected = produceOnThenStop(edges);
        awaitCaughtUp(centre, edges, expected);

        System.out.printf("EDGE-OUTAGE %s cut for %d s: %d batches buffered in its outbox; the other sites wrote %d rows meanwhile%n",
            CUT_SITE, EDGE_OUTAGE.toSeconds(), buffered, othersAtRestore - othersAtCut);
        long expectedBuffered = EDGE_OUTAGE.toMillis() / PERIOD.toMillis();
        assertThat(buffered).as("the cut edge's outbox held what it produced during the cut")
            .isGreaterThan(expectedBuffered / 2);
        assertThat(othersAtRestore).as("the other sites kept flowing").isGreaterThan(othersAtCut);
        assertThat((cutRowsAtRestore - cutRowsAtCut) / SERIES)
            .as("batches of the cut site stored during the cut (only what was in flight when it began)")
            .isLessThan(25);
        assertNothingLostOrDoubled(centre, edges, expected);
      } finally {
        for (TestEdge e : edges) {
          e.close();
        }
      }
    }
  }

  /**
   * The broker, its bookie and metadata store (the standalone's child JVM stays up) are stopped
   * for longer than the client's operation timeout and restarted with their data, while every edge
   * keeps producing.
   */
  @Test
  @Order(2)
  void nothingIsLostOrDoubledWhenTheBrokerIsDownLongerThanTheOperationTimeout(@TempDir Path dir) throws Exception {
    try (TestCentre centre = new TestCentre(PulsarBusConfig.of(pulsar.serviceUrl(), "central"), BROKER_SITES,
        TIMEOUTS)) {
      List<TestEdge> edges = new ArrayList<>();
      try {
        for (String site : BROKER_SITES) {
          edges.add(new TestEdge(site, dir, PulsarBusConfig.of(pulsar.serviceUrl(), site), SERIES, PERIOD, TIMEOUTS));
        }
        edges.forEach(TestEdge::start);
        awaitEverySeries(centre, BROKER_SITES);
        Thread.sleep(3_000); // steady flow before the outage

        long beforeOutage = edges.stream().mapToLong(TestEdge::batches).sum();
        pulsar.stopBroker();
        Thread.sleep(BROKER_OUTAGE.toMillis());
        long duringOutage = edges.stream().mapToLong(TestEdge::batches).sum() - beforeOutage;
        long buffered = edges.stream().mapToLong(e -> e.outbox().depth(Priority.SAMPLES)).sum();
        pulsar.restartBroker();
        Map<Long, Long> expected = produceOnThenStop(edges);
        awaitCaughtUp(centre, edges, expected);

        System.out.printf("BROKER-OUTAGE batches produced during the %d s outage: %d, buffered in outboxes when it ended: %d%n",
            BROKER_OUTAGE.toSeconds(), duringOutage, buffered);
        assertThat(duringOutage).as("edges kept producing during the outage").isGreaterThan(0);
        assertThat(buffered).as("the outboxes held the batches the broker could not take").isGreaterThan(0);
        assertNothingLostOrDoubled(centre, edges, expected);
      } finally {
        for (TestEdge e : edges) {
          e.close();
        }
      }
    }
  }

  private static void awaitEverySeries(TestCentre centre, List<String> sites) {
    Awaitility.await().atMost(120, TimeUnit.SECONDS).until(() -> centre.rowsPerSeries().size() == sites.size() * SERIES);
  }

  /** The edges go on producing a few seconds after the outage ends, then stop; returns what they produced. */
  private static Map<Long, Long> produceOnThenStop(List<TestEdge> edges) throws InterruptedException {
    Thread.sleep(3_000);
    for (TestEdge e : edges) {
      e.stopProducing();
    }
    Map<Long, Long> expected = new HashMap<>();
    edges.forEach(e -> expected.putAll(e.producedPerSeries()));
    return expected;
  }

  private static void awaitCaughtUp(TestCentre centre, List<TestEdge> edges, Map<Long, Long> expected) {
    Awaitility.await().atMost(300, TimeUnit.SECONDS).pollInterval(1, TimeUnit.SECONDS)
        .until(() -> edges.stream().allMatch(e -> e.outbox().depth() == 0) && centre.rowsPerSeries().equals(expected));
  }

  private static void assertNothingLostOrDoubled(TestCentre centre, List<TestEdge> edges, Map<Long, Long> expected)
      throws Exception {
    assertThat(centre.rowsPerSeries()).isEqualTo(expected);
    for (TestEdge e : edges) {
      assertThat(e.outbox().dropped(Priority.SAMPLES)).as("dropped by %s", e.site).isZero();
    }
    assertThat(centre.deadLettered()).isZero();
  }

  private static long rowsOf(TestCentre centre, TestEdge edge) throws Exception {
    Map<Long, Long> rows = centre.rowsPerSeries();
    return edge.producedPerSeries().keySet().stream().mapToLong(id -> rows.getOrDefault(id, 0L)).sum();
  }

  private static long rowsOfOthers(TestCentre centre, TestEdge cut) throws Exception {
    return centre.rowsPerSeries().values().stream().mapToLong(Long::longValue).sum() - rowsOf(centre, cut);
  }

  private static int port(String url) {
    return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
  }
}
