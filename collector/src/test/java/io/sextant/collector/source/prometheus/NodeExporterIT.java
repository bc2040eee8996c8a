package io.sextant.collector.source.prometheus;

import io.sextant.testkit.peer.Peers;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.collector.Collector;
import io.sextant.common.model.Sample;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Scrapes Debian's real prometheus-node-exporter, started by the test on a free loopback port. */
class NodeExporterIT {
  static final Path BINARY = Path.of("/usr/bin/prometheus-node-exporter");
  Process exporter;

  @AfterEach
  void stop() throws InterruptedException {
    if (exporter != null) {
      exporter.destroy();
      if (!exporter.waitFor(10, TimeUnit.SECONDS)) {
        exporter.destroyForcibly();
      }
    }
  }

  @Test
  void scrapesTheRealNodeExporterTwiceAndGetsGaugesAndRates() throws Exception {
    Peers.require(BINARY, "prometheus-node-exporter");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    exporter = new ProcessBuilder(BINARY.toString(), "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    awaitPort(port);

    ScrapeTarget target = new ScrapeTarget("node", URI.create("http://127.0.0.1:" + port + "/metrics"),
        Map.of("job", "node", "resource", "node:edge-1/n1"), Duration.ofSeconds(5));
    PrometheusScrapeSource source = new PrometheusScrapeSource("edge-1", target);
    Collector collector = new Collector("edge-1", List.of(source), Clock.systemUTC());

    List<Sample> first = collector.collect(Instant.now());
    Thread.sleep(1100);
    List<Sample> second = collector.collect(Instant.now());

    assertThat(source.parseErrors()).isZero();
    assertThat(first).anySatisfy(s -> assertThat(s.metric()).isEqualTo("node_memory_MemTotal_bytes"));
    assertThat(first).noneMatch(s -> s.metric().equals("node_cpu_seconds_total:rate"));
    assertThat(second).filteredOn(s -> s.metric().equals("node_cpu_seconds_total:rate"))
        .isNotEmpty()
        .allSatisfy(s -> {
          assertThat(s.value()).isBetween(0.0, 1.5); // CPU seconds per second per cpu and mode
          assertThat(s.labels()).containsKeys("cpu", "mode").containsEntry("job", "node");
        });
    assertThat(second).anySatisfy(s -> assertThat(s.metric()).isEqualTo("up"));
    assertThat(second.size()).isGreaterThan(100);
  }

  static void awaitPort(int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("node exporter did not listen on " + port);
  }
}
