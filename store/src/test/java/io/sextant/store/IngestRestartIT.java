package io.sextant.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import io.sextant.store.embedded.EmbeddedPostgresServer;
import io.sextant.store.ingest.IngestBatcher;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stopped in the middle of a stream of ingest and started again on the same data
 * directory and port: every sample ends up stored exactly once, the rollups agree, and nothing was
 * reported committed that is not in the database.
 */
class IngestRestartIT {
  private static final Instant T0 = Instant.parse("2026-05-01T23:50:00Z"); // the stream crosses midnight

  @Test
  void aServerRestartDuringIngestLosesNothingAndDoublesNothing(@TempDir Path dir) throws Exception {
    int port = freePort();
    Path data = dir.resolve("pgdata");
    EmbeddedPostgresServer[] server = {EmbeddedPostgresServer.start(data, port)};
    StoreConfig config = new StoreConfig(server[0].jdbcUrl(), server[0].user(), null, 2, null);
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    int batches = 120;
    int perBatch = 500;
    try (PostgresStore store = Stores.open(config);
        IngestBatcher batcher = new IngestBatcher(store, new IngestBatcher.Settings(5_000,
            Duration.ofMillis(20), 20_000, Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofMinutes(1)),
            Clock.systemUTC())) {
      // Stops the server once a tenth is stored, keeps it down 3 s (the producer blocks when the
      // batcher is full: back-pressure), then starts it again on the same directory and port.
      CompletableFuture<Void> restart = CompletableFuture.runAsync(() -> {
        try {
          waitUntil(() -> batcher.inserted() >= batches * perBatch / 10);
          server[0].close();
          Thread.sleep(3_000);
          server[0] = EmbeddedPostgresServer.start(data, port);
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      for (int b = 0; b < batches; b++) {
        futures.add(batcher.submit("msg-" + b, batch(b, perBatch)));
        if (b % 10 == 9) {
          futures.add(batcher.submit("msg-" + (b - 5), batch(b - 5, perBatch))); // a redelivered message
          futures.add(batcher.submit("resent-" + b, batch(b - 3, perBatch))); // the same samples, another message
        }
      }
      restart.get(60, TimeUnit.SECONDS);
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);

      long expected = (long) batches * perBatch;
      assertThat(batcher.retries()).as("the writer met the stopped server").isPositive();
      assertThat(store.sampleCount()).isEqualTo(expected);
      assertThat(batcher.inserted()).as("reported inserted, never more than committed").isLessThanOrEqualTo(expected);
      assertThat(store.fallbackWrites()).as("re-sent samples under a new id took the per-row path").isPositive();
      assertThat(store.skippedMessages()).as("redelivered messages skipped whole").isPositive();
      store.refreshRollups(T0);
      assertThat(query(store, "SELECT sum(count) FROM samples_1m")).isEqualTo(expected);
      assertThat(query(store, "SELECT sum(count) FROM samples_1h")).isEqualTo(expected);
    } finally {
      server[0].close();
    }
  }

  /** Batch {@code b}: {@code n} samples of 50 series at second b, distinct from every other batch. */
  private static List<Sample> batch(int b, int n) {
    List<Sample> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int series = i % 50;
      int second = b * (n / 50) + i / 50;
      out.add(new Sample("edge-1", "rtt_ms", Labels.of("resource", "link:l" + series), T0.plusSeconds(second), b + i));
    }
    return out;
  }

  private static long query(PostgresStore store, String sql) throws SQLException {
    try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      long v = rs.getLong(1);
      c.commit();
      return v;
    }
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met in 30 s");
      }
      Thread.sleep(10);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
