package io.sextant.store.remotewrite;

import io.sextant.testkit.peer.Peers;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.store.PostgresStore;
import io.sextant.store.Stores;
import io.sextant.store.TestDatabases;
import io.sextant.store.query.LabelMatcher;
import io.sextant.store.query.QueryPolicy;
import io.sextant.store.query.Results;
import io.sextant.store.query.SampleQueries;
import io.sextant.store.query.SeriesSelector;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Debian's real Prometheus scrapes itself and remote-writes to the receiver; the samples reach PostgreSQL. */
class PrometheusRemoteWriteIT {
  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

  @Test
  void prometheusSelfScrapeArrivesInPostgres(@TempDir Path dir) throws Exception {
    Peers.require(PROMETHEUS, "prometheus");
    int promPort = freePort();
    try (PostgresStore store = Stores.open(TestDatabases.fresh("remotewrite"));
        RemoteWriteReceiver receiver = RemoteWriteReceiver.start(new InetSocketAddress("127.0.0.1", 0),
            store::writeSamples, new SampleMapping("central", "site"), 2)) {
      Path config = dir.resolve("prometheus.yml");
      Files.writeString(config, """
          global:
            scrape_interval: 1s
            external_labels:
              site: prom-lab
          scrape_configs:
            - job_name: self
              static_configs:
                - targets: ['127.0.0.1:%d']
          remote_write:
            - url: http://127.0.0.1:%d%s
              queue_config:
                batch_send_deadline: 1s
                min_backoff: 100ms
          """.formatted(promPort, receiver.port(), RemoteWriteReceiver.PATH));
      Process prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
          "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + promPort)
          .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
      try {
        SampleQueries queries = new SampleQueries(store.dataSource(), QueryPolicy.defaults());
        SeriesSelector up = SeriesSelector.of("up", LabelMatcher.eq("job", "self"), LabelMatcher.eq(LabelMatcher.SITE, "prom-lab"));
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
            .until(() -> queries.latest(up, Instant.now().plusSeconds(60), Duration.ofMinutes(5)).size() == 1);

        List<Results.Latest> latest = queries.latest(up, Instant.now().plusSeconds(60), Duration.ofMinutes(5));
        assertThat(latest.get(0).value()).isEqualTo(1.0);
        assertThat(latest.get(0).series().labels()).containsEntry("instance", "127.0.0.1:" + promPort)
            .doesNotContainKey("site").doesNotContainKey("__name__");
        assertThat(store.sampleCount()).as("all of Prometheus' own metrics, not just up").isGreaterThan(100);
        assertThat(receiver.badRequests()).isZero();
      } finally {
        prometheus.destroy();
        if (!prometheus.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          prometheus.destroyForcibly();
        }
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
