package io.sextant.node.edge;

import static io.sextant.testkit.netns.TwoSites.R2_VIA_A;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.bus.pulsar.PulsarBus;
import io.sextant.bus.pulsar.PulsarBusConfig;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Severity;
import io.sextant.node.edge.config.EdgeConfig;
import io.sextant.node.edge.config.EdgeConfigFile;
import io.sextant.common.netns.NetLab;
import io.sextant.testkit.netns.NetLabs;
import io.sextant.testkit.netns.TwoSites;
import io.sextant.testkit.pulsar.SharedPulsar;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live edge node with {@code sources.bgp} on real FRR in network namespaces, its detections
 * read from a real broker: a session whose link goes down alarms, and a prefix that exabgp
 * announces and withdraws every second (its link up) alarms at the suppress threshold and clears
 * once it has decayed below reuse after the flapping stops. Prints the time to each (to the end of the edge's
 * window that detected it).
 */
class BgpFlapEdgeIT {
  private static final String FLAPPING = "10.30.0.0/24";

  @BeforeAll
  static void peers() {
    NetLabs.require();
  }

  @Test
  void aDownSessionAndAFlappingPrefixAlarmAndTheFlapClearsAtReuse(@TempDir Path dir) throws Exception {
    String site = "bgp-" + UUID.randomUUID().toString().substring(0, 8);
    String serviceUrl = SharedPulsar.withNamespaces(site);
    try (NetLab lab = NetLab.open()) {
      TwoSites net = TwoSites.build(lab, true);
      EdgeConfig config = EdgeConfigFile.parse("""
          site: %s
          data-dir: %s
          interval: 1s
          bus: {type: pulsar, service-url: %s}
          sources:
            bgp:
              socket-dir: %s
              router: r1
              interval: 200ms
              prefixes: [%s]
              dampening: {half-life: 3s, max-suppress: 12s}
          """.formatted(site, dir, serviceUrl, net.r1().socketDir(), FLAPPING), dir, null);
      List<Detection> detections = new CopyOnWriteArrayList<>();
      try (PulsarBus centre = PulsarBus.connect(PulsarBusConfig.of(serviceUrl, site));
          EdgeNode edge = new EdgeNode(config, Clock.systemUTC())) {
        new MessageBus(centre).subscribe(Topic.DETECTIONS, "bgp-test", detections::add);
        Thread loop = new Thread(() -> {
          try {
            edge.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }, "bgp-edge");
        loop.start();
        String sessionA = "bgp-session:" + site + "/r1/" + R2_VIA_A;
        Awaitility.await().atMost(60, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS)
            .until(() -> net.r1().vtysh("show bgp summary json").split("\"Established\"").length == 4);

        Instant t0 = Instant.now();
        net.a().set(false); // stays down: the flapping below is on another session
        Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> has(detections, "threshold:bgp-session-down",
            sessionA, Detection.State.FIRING));
        Duration sessionDown = Duration.between(t0, first(detections, "threshold:bgp-session-down",
            Detection.State.FIRING).time());

        String prefix = "bgp-prefix:" + site + "/r1/" + FLAPPING;
        Instant t1 = Instant.now();
        for (int i = 0; i < 6 && !has(detections, "threshold:bgp-flap-suppress", prefix, Detection.State.FIRING); i++) {
          net.x().announce(FLAPPING);
          Thread.sleep(1000); // the flap's rhythm, not an assertion's wait
          net.x().withdraw(FLAPPING);
          Thread.sleep(1000);
        }
        net.x().announce(FLAPPING);
        Instant t2 = Instant.now();
        Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> has(detections, "threshold:bgp-flap-suppress",
            prefix, Detection.State.FIRING));
        Detection fired = first(detections, "threshold:bgp-flap-suppress", Detection.State.FIRING);
        assertThat(fired.metric()).isEqualTo("bgp_flap_penalty");
        assertThat(fired.severity()).isEqualTo(Severity.MAJOR);
        assertThat(fired.observed()).isGreaterThanOrEqualTo(2000);
        Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> has(detections, "threshold:bgp-flap-suppress",
            prefix, Detection.State.RESOLVED));
        Duration cleared = Duration.between(t2, first(detections, "threshold:bgp-flap-suppress",
            Detection.State.RESOLVED).time());
        // the figures docs/collector.md quotes: from the change to the end of the window that detected it
        System.out.printf("BgpFlapEdgeIT: link down -> bgp-session-down %d ms; first announce -> "
            + "bgp-flap-suppress %d ms (penalty %.0f); stable -> cleared %d ms%n", sessionDown.toMillis(),
            Duration.between(t1, fired.time()).toMillis(), fired.observed(), cleared.toMillis());
        edge.stop();
        loop.join(10_000);
      }
    }
  }

  private static Detection first(List<Detection> detections, String detector, Detection.State state) {
    return detections.stream().filter(d -> d.detector().equals(detector) && d.state() == state).findFirst()
        .orElseThrow();
  }

  private static boolean has(List<Detection> detections, String detector, String resource, Detection.State state) {
    return detections.stream().anyMatch(d -> d.detector().equals(detector) && d.resource().equals(resource)
        && d.state() == state);
  }
}
