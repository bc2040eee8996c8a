package io.sextant.node.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.bus.pulsar.PulsarBus;
import io.sextant.bus.pulsar.PulsarBusConfig;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.Detection;
import io.sextant.common.model.HealthSeries;
import io.sextant.common.model.Heartbeat;
import io.sextant.common.model.Sample;
import io.sextant.common.model.SampleBatch;
import io.sextant.common.model.Severity;
import io.sextant.node.edge.config.EdgeConfig;
import io.sextant.node.edge.config.EdgeConfigFile;
import io.sextant.testkit.pulsar.SharedPulsar;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A freshly started live edge (the node in-process, real sources, a real broker) whose scrape
 * target is down and whose only probe peer answers nothing: both are alarmed from the edge's first
 * window, where the learned rules would have waited out their warm-up; the edge's /metrics says
 * which learned rules are still warming up; every window's batch carries the heartbeat.
 */
class FreshEdgeIT {
  static final Duration INTERVAL = Duration.ofSeconds(2);

  @Test
  void aDeadTargetAndAPathLosingEverythingAlarmWithinOneWindowOfAFreshStart(@TempDir Path dir) throws Exception {
    String site = "fresh-" + UUID.randomUUID().toString().substring(0, 8);
    String serviceUrl = SharedPulsar.withNamespaces(site);
    int deadTarget = freeTcpPort();
    int silentPeer = freeUdpPort();
    EdgeConfig config = EdgeConfigFile.parse("""
        site: %s
        data-dir: %s
        interval: %ds
        bus: {type: pulsar, service-url: %s}
        ports: {metrics: 0}
        sources:
          scrape:
            - {name: dead, url: "http://127.0.0.1:%d/metrics", timeout: 300ms}
          probes:
            listen: "127.0.0.1:0"
            count: 3
            interval: 10ms
            timeout: 300ms
            peers:
              - {site: nowhere, udp: "127.0.0.1:%d"}
        """.formatted(site, dir, INTERVAL.toSeconds(), serviceUrl, deadTarget, silentPeer), dir, null);

    List<Detection> detections = new CopyOnWriteArrayList<>();
    List<SampleBatch> batches = new CopyOnWriteArrayList<>();
    try (PulsarBus centre = PulsarBus.connect(PulsarBusConfig.of(serviceUrl, site))) {
      MessageBus in = new MessageBus(centre);
      in.subscribe(Topic.DETECTIONS, "fresh-test", detections::add);
      in.subscribe(Topic.SAMPLES, "fresh-test", batches::add);
      ByteArrayOutputStream ready = new ByteArrayOutputStream();
      try (EdgeNode edge = new EdgeNode(config, Clock.systemUTC())) {
        Thread loop = new Thread(() -> {
          try {
            edge.run(new PrintStream(ready, true, StandardCharsets.UTF_8));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }, "fresh-edge");
        loop.start();
        Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() -> detections.stream()
            .map(Detection::detector).toList().containsAll(List.of("threshold:up-down", "threshold:probe-path-dead")));

        // The first window the edge produced (its batch always goes up: it carries the heartbeat).
        Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> !batches.isEmpty());
        Instant firstWindow = batches.stream().map(SampleBatch::time).min(Instant::compareTo).orElseThrow();
        Detection down = only(detections, "threshold:up-down");
        assertThat(down.state()).isEqualTo(Detection.State.FIRING);
        assertThat(down.severity()).isEqualTo(Severity.MAJOR);
        assertThat(down.metric()).isEqualTo("up");
        assertThat(down.time()).as("from the first window").isEqualTo(firstWindow);
        Detection dead = only(detections, "threshold:probe-path-dead");
        assertThat(dead.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(dead.resource()).isEqualTo("path:" + site + ">nowhere");
        assertThat(dead.observed()).isEqualTo(1.0);
        assertThat(dead.time()).as("from the first window").isEqualTo(firstWindow);
        assertThat(detections).as("no learned rule fires during its warm-up")
            .allSatisfy(d -> assertThat(d.detector()).startsWith("threshold:"));

        assertThat(batches.get(0).samples()).anySatisfy(s -> {
          assertThat(s.metric()).isEqualTo(Heartbeat.METRIC);
          assertThat(s.resource()).isEqualTo("edge:" + site);
        });

        // The edge's own health series ride every window's batch, labelled with its process; the
        // detections above show that none of them reached a detector.
        List<Sample> health = batches.get(batches.size() - 1).samples().stream().filter(HealthSeries::is).toList();
        assertThat(health).extracting(Sample::metric).contains("sextant_outbox_depth", "sextant_outbox_sent_total",
            "sextant_upload_detections_total", "sextant_scrape_failures_total", HealthSeries.RSS,
            HealthSeries.HEAP_USED);
        assertThat(health).allSatisfy(s -> assertThat(s.resource()).isEqualTo("process:" + site + "/edge"));
        assertThat(health).filteredOn(s -> s.metric().equals("sextant_scrape_failures_total"))
            .singleElement().satisfies(s -> {
              assertThat(s.labels()).containsEntry("target", "dead");
              assertThat(s.value()).isPositive();
            });

        String line = ready.toString(StandardCharsets.UTF_8);
        String metricsUrl = line.substring(line.indexOf("metrics=") + "metrics=".length()).strip();
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("sextant_edge_detector_warm_up_points{detector=\"baseline\",metric=\"probe_loss_ratio\"} 60")
            .contains("sextant_edge_detector_warming_series{metric=\"probe_loss_ratio\"} 1")
            .contains("sextant_edge_threshold_firing_series{threshold=\"up-down\"} 1")
            .contains("sextant_edge_threshold_firing_series{threshold=\"probe-path-dead\"} 1");
        edge.stop();
        loop.join(10_000);
      }
    }
  }

  private static Detection only(List<Detection> detections, String detector) {
    List<Detection> of = detections.stream().filter(d -> d.detector().equals(detector)).toList();
    assertThat(of).as(detector).hasSize(1);
    return of.get(0);
  }

  private static int freeTcpPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static int freeUdpPort() throws Exception {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
