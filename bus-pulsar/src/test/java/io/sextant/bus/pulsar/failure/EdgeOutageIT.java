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
 * One edge loses Pulsar (wall clock) while two others keep sending: the edge reaches the broker
 * through a relay at its own advertised listener, and the relay is cut, so only that edge's
 * connections die, and the same client must reconnect by itself afterwards. Its SQLite outbox
 * buffers meanwhile; afterwards every series in the store has exactly the rows produced.
 *
 * <p>The outage lasts four times the client's longest reconnect backoff
 * ({@link PulsarBus#RECONNECT_MAX_BACKOFF}): by then the client retries at its slowest, the state
 * any longer outage leaves it in, so a longer cut would check nothing more (it was five minutes
 * before the backoff was bounded; {@code -Dsextant.edgeOutage=PT5M} still runs that).
 */
class EdgeOutageIT {
  static final List<String> SITES = List.of("site-1", "site-2", "site-3");
  static final String CUT_SITE = "site-1";
  static final String LISTENER = "wan-site-1";
  static final int SERIES = 20;
  static final Duration PERIOD = Duration.ofMillis(200);
  static final Duration OUTAGE = Duration.parse(System.getProperty("sextant.edgeOutage",
      PulsarBus.RECONNECT_MAX_BACKOFF.multipliedBy(4).toString()));

  @TempDir Path dir;

  @Test
  void anEdgeCutOffLongerThanItsLongestBackoffCatchesUpWithNothingLostOrDoubled() throws Exception {
    List<String> namespaces = new ArrayList<>(SITES);
    namespaces.add("central");
    BrokerProcess.Options options = BrokerProcess.Options.of(PulsarBusConfig.DEFAULT_TENANT, namespaces)
        .withListener(LISTENER).withLog(dir.resolve("pulsar.log"));
    try (BrokerProcess pulsar = BrokerProcess.start(options);
        CuttableRelay relay = new CuttableRelay(port(pulsar.listenerUrl(LISTENER)), pulsar.brokerPort());
        TestCentre centre = new TestCentre(PulsarBusConfig.of(pulsar.serviceUrl(), "central"), SITES)) {
      List<TestEdge> edges = new ArrayList<>();
      try {
        for (String site : SITES) {
          PulsarBusConfig config = site.equals(CUT_SITE)
              ? PulsarBusConfig.of(pulsar.listenerUrl(LISTENER), site).withListenerName(LISTENER)
              : PulsarBusConfig.of(pulsar.serviceUrl(), site);
          edges.add(new TestEdge(site, dir, config, SERIES, PERIOD));
        }
        TestEdge cut = edges.get(0);
        edges.forEach(TestEdge::start);
        Awaitility.await().atMost(120, TimeUnit.SECONDS).until(() -> centre.rowsPerSeries().size() == SITES.size() * SERIES);

        relay.cut();
        long othersAtCut = rowsOfOthers(centre, cut);
        long cutRowsAtCut = rowsOf(centre, cut);
        Thread.sleep(OUTAGE.toMillis());
        long buffered = cut.outbox().depth(Priority.SAMPLES);
        long othersAtRestore = rowsOfOthers(centre, cut);
        long cutRowsAtRestore = rowsOf(centre, cut);
        relay.restore();
        Thread.sleep(5_000);
        for (TestEdge e : edges) {
          e.stopProducing();
        }

        Map<Long, Long> expected = new HashMap<>();
        edges.forEach(e -> expected.putAll(e.producedPerSeries()));
        Awaitility.await().atMost(300, TimeUnit.SECONDS).pollInterval(1, TimeUnit.SECONDS)
            .until(() -> edges.stream().allMatch(e -> e.outbox().depth() == 0) && centre.rowsPerSeries().equals(expected));

        System.out.printf("EDGE-OUTAGE %s cut for %d s: %d batches buffered in its outbox; the other sites wrote %d rows meanwhile%n",
            CUT_SITE, OUTAGE.toSeconds(), buffered, othersAtRestore - othersAtCut);
        long expectedBuffered = OUTAGE.toMillis() / PERIOD.toMillis();
        assertThat(buffered).as("the cut edge's outbox held what it produced during the cut")
            .isGreaterThan(expectedBuffered / 2);
        assertThat(othersAtRestore).as("the other sites kept flowing").isGreaterThan(othersAtCut);
        assertThat((cutRowsAtRestore - cutRowsAtCut) / SERIES)
            .as("batches of the cut site stored during the cut (only what was in flight when it began)")
            .isLessThan(25);
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
