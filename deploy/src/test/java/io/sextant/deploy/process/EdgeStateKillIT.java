package io.sextant.deploy.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.sextant.bus.pulsar.PulsarBus;
import io.sextant.bus.pulsar.PulsarBusConfig;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.Detection;
import io.sextant.common.model.SampleBatch;
import io.sextant.deploy.lab.ChildProcess;
import io.sextant.node.edge.EdgeNode;
import io.sextant.testkit.pulsar.SharedPulsar;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live {@code sextant edge} process keeps what its detectors learned across a SIGKILL: it learns
 * a healthy gateway's latency, the gateway degrades and the edge fires, a checkpoint is written
 * during the fault, the edge is SIGKILLed and started again while the fault is still there. The
 * restarted edge fires in its very first window, against the healthy level it learned before (a
 * fresh edge would have been silent for its 20-point warm-up and then learned the faulted level
 * as normal), and clears when the gateway recovers. Everything is observed where the centre
 * would see it: on the site's Pulsar topics.
 */
class EdgeStateKillIT {
  static final String METRIC = "gateway_latency_seconds";
  static final double HEALTHY = 0.020;
  static final double FAULTED = 0.200;

  @TempDir Path dir;

  @Test
  void aKilledEdgeRestartedDuringAFaultFiresInItsFirstWindowAgainstTheLevelItLearnedBefore() throws Exception {
    String site = "es-" + UUID.randomUUID().toString().substring(0, 8);
    String serviceUrl = SharedPulsar.withNamespaces(site);
    SplittableRandom random = new SplittableRandom(15);
    boolean[] fault = {false};
    HttpServer gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
    gateway.createContext("/metrics", ex -> {
      double level = fault[0] ? FAULTED : HEALTHY;
      double value;
      synchronized (random) {
        value = level * (1 + 0.05 * random.nextGaussian());
      }
      byte[] body = (METRIC + " " + value + "\n").getBytes(StandardCharsets.UTF_8);
      try (ex) {
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
      }
    });
    gateway.start();
    int metricsPort = freePort();
    Path config = Files.writeString(dir.resolve("edge.yaml"), """
        site: %s
        data-dir: %s
        interval: 1s
        bus: {type: pulsar, service-url: %s}
        ports: {metrics: %d}
        sources:
          scrape:
            - {name: gateway, url: "http://127.0.0.1:%d/metrics", timeout: 900ms}
        detection:
          rules:
            - {metric: %s, detector: baseline, direction: up, minRelativeEffect: 1.0, warmUpPoints: 20}
          checkpoint-interval: 2s
        """.formatted(site, dir.resolve("data"), serviceUrl, metricsPort, gateway.getAddress().getPort(), METRIC));

    List<Detection> detections = new CopyOnWriteArrayList<>();
    List<SampleBatch> batches = new CopyOnWriteArrayList<>();
    List<AutoCloseable> open = new ArrayList<>();
    try (PulsarBus raw = PulsarBus.connect(PulsarBusConfig.of(serviceUrl, site)); MessageBus bus = new MessageBus(raw)) {
      bus.subscribe(Topic.DETECTIONS, "edge-state-it", d -> {
        if (d.metric().equals(METRIC)) {
          detections.add(d);
        }
      });
      bus.subscribe(Topic.SAMPLES, "edge-state-it", batches::add);

      ChildProcess first = ChildProcess.start("edge", "128m", dir.resolve("edge-1.log"),
          List.of("edge", "--config", config.toString()));
      open.add(first);
      first.awaitLine(EdgeNode.READY, Duration.ofMinutes(3));
      // The healthy gateway, learned: past the warm-up with a margin.
      await("the healthy level learned", first, () -> points(batches) >= 30);
      assertThat(detections).as("nothing fires on a healthy gateway").isEmpty();

      fault[0] = true;
      await("the fault fires", first, () -> !detections.isEmpty());
      Detection fired = detections.get(0);
      assertThat(fired.state()).isEqualTo(Detection.State.FIRING);
      // A checkpoint written during the fault: the baseline it holds is frozen at the healthy level.
      double before = metrics(metricsPort).get("sextant_edge_detector_checkpoints_total");
      await("a checkpoint during the fault", first,
          () -> metrics(metricsPort).getOrDefault("sextant_edge_detector_checkpoints_total", 0.0) > before);
      first.kill();
      Instant killed = Instant.now();
      int seen = detections.size();

      ChildProcess again = ChildProcess.start("edge-again", "128m", dir.resolve("edge-2.log"),
          List.of("edge", "--config", config.toString()));
      open.add(again);
      again.awaitLine(EdgeNode.READY, Duration.ofMinutes(3));
      Map<String, Double> metrics = metrics(metricsPort);
      assertThat(metrics).containsEntry("sextant_edge_detector_state_restored_total", 1.0)
          .containsEntry("sextant_edge_detector_state_skipped_total{reason=\"corrupt\"}", 0.0)
          .as("no warm-up after the restart")
          .containsEntry("sextant_edge_detector_warming_series{metric=\"" + METRIC + "\"}", 0.0);

      // Samples and detections travel on different topics, so the detection can arrive before the
      // batch of its own window: wait for both.
      await("the restarted edge fires", again,
          () -> detections.size() > seen && batches.stream().anyMatch(b -> b.time().isAfter(killed)));
      Detection refired = detections.get(seen);
      Instant firstWindow = batches.stream().map(SampleBatch::time).filter(t -> t.isAfter(killed))
          .min(Instant::compareTo).orElseThrow();
      assertThat(refired.state()).isEqualTo(Detection.State.FIRING);
      assertThat(refired.time()).as("the restarted edge's first window").isEqualTo(firstWindow);
      assertThat(refired.observed()).isGreaterThan(FAULTED / 2);
      assertThat(refired.expected()).as("judged against the healthy level, not the faulted one")
          .isBetween(HEALTHY * 0.8, HEALTHY * 1.2);

      fault[0] = false;
      await("the fault clears", again, () -> detections.size() > seen + 1);
      assertThat(detections.subList(seen, detections.size())).extracting(Detection::state)
          .containsExactly(Detection.State.FIRING, Detection.State.RESOLVED);
      System.out.printf("EdgeStateKillIT: fired at %s, killed at %s, refired in the first window %s (expected %.4f)%n",
          fired.time(), killed, refired.time(), refired.expected());
    } finally {
      for (int i = open.size() - 1; i >= 0; i--) {
        open.get(i).close();
      }
      gateway.stop(0);
    }
  }

  private static long points(List<SampleBatch> batches) {
    return batches.stream().flatMap(b -> b.samples().stream()).filter(s -> s.metric().equals(METRIC)).count();
  }

  private static void await(String what, ChildProcess edge, java.util.concurrent.Callable<Boolean> ok) {
    Awaitility.await(what).atMost(120, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() -> {
      if (!edge.isAlive()) {
        throw new AssertionError(edge.name() + " died while waiting for " + what + ":\n" + edge.tail(40));
      }
      return ok.call();
    });
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The edge's /metrics as series → value ({@code name{labels}} as exposed); empty while it does not answer. */
  private static Map<String, Double> metrics(int port) {
    Map<String, Double> out = new HashMap<>();
    try {
      String page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
      page.lines().filter(l -> !l.startsWith("#") && l.lastIndexOf(' ') > 0).forEach(l -> out.put(
          l.substring(0, l.lastIndexOf(' ')), Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))));
    } catch (IOException e) {
      // not up yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return out;
  }
}
