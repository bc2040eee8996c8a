package io.sextant.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The incrementally maintained rollups equal an aggregation of the raw samples, whatever the arrival order. */
class RollupsIT {
  private static final Instant T0 = Instant.parse("2026-04-01T22:30:00Z");
  private static final Instant NOW = T0.plusSeconds(4 * 3600);
  private static PostgresStore store;

  @BeforeAll
  static void open() {
    store = Stores.open(TestPostgres.freshDatabase("rollups"));
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @BeforeEach
  void empty() {
    TestPostgres.truncateAll(store);
  }

  @Test
  void rollupsEqualRawAggregationAfterShuffledBatchesLateDataAndRedelivery() throws SQLException {
    Random random = new Random(7);
    List<Sample> all = new ArrayList<>();
    for (int s = 0; s < 8; s++) {
      for (int t = 0; t < 3 * 3600; t += 1 + random.nextInt(20)) { // 3 h across midnight, irregular steps
        all.add(new Sample("edge-2", "loss_pct", Labels.of("resource", "link:l" + s), T0.plusSeconds(t),
            random.nextInt(2001) - 1000)); // integers: sums are exact in float8, so equality is exact
      }
    }
    List<Sample> shuffled = new ArrayList<>(all);
    Collections.shuffle(shuffled, random);
    int half = shuffled.size() / 2;
    store.writeSamples(shuffled.subList(0, half));
    assertRollupsEqualRaw();

    // Late data for buckets that already have rows, and a redelivered chunk of the first half.
    List<Sample> rest = new ArrayList<>(shuffled.subList(half, shuffled.size()));
    rest.addAll(shuffled.subList(0, half / 3));
    Collections.shuffle(rest, random);
    for (int from = 0; from < rest.size(); from += 997) {
      store.writeSamples(rest.subList(from, Math.min(rest.size(), from + 997)));
    }

    assertThat(store.sampleCount()).isEqualTo(all.size());
    assertRollupsEqualRaw();
    assertThat(count("SELECT sum(count) FROM samples_1h")).isEqualTo(all.size());
  }

  /**
   * The refresher running in a loop while two writers commit (ids, redeliveries, and samples
   * re-sent under new ids), then once more: no write committed between claiming and aggregating
   * is lost, none counted twice.
   */
  @Test
  void rollupsRefreshedDuringConcurrentIngestEqualRawAggregation() throws Exception {
    Random random = new Random(11);
    List<Sample> all = new ArrayList<>();
    for (int s = 0; s < 6; s++) {
      for (int t = 0; t < 2 * 3600; t += 1 + random.nextInt(5)) {
        all.add(new Sample("edge-3", "rtt_ms", Labels.of("resource", "link:r" + s), T0.plusSeconds(t),
            random.nextInt(1000)));
      }
    }
    Collections.shuffle(all, random);
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      Future<Integer> refresher = pool.submit(() -> {
        int passes = 0;
        while (writing.get()) {
          store.refreshRollups(NOW);
          passes++;
        }
        return passes;
      });
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        int writer = w;
        writers.add(pool.submit(() -> {
          for (int from = writer * 500, m = 0; from < all.size(); from += 1000, m++) {
            List<Sample> chunk = all.subList(from, Math.min(all.size(), from + 500));
            store.writeSamples("w" + writer + "-" + m, chunk);
            if (m % 7 == 3) {
              store.writeSamples("w" + writer + "-" + m, chunk); // redelivery: skipped whole
              store.writeSamples("again-" + writer + "-" + m, chunk); // same samples, new id: per-row path
            }
          }
          return null;
        }));
      }
      for (Future<?> f : writers) {
        f.get(2, TimeUnit.MINUTES);
      }
      writing.set(false);
      assertThat(refresher.get(1, TimeUnit.MINUTES)).as("refresh passes during ingest").isPositive();
    } finally {
      pool.shutdownNow();
    }

    assertThat(store.sampleCount()).isEqualTo(all.size());
    assertRollupsEqualRaw();
    assertThat(count("SELECT sum(count) FROM samples_1m")).isEqualTo(all.size());
  }

  private static void assertRollupsEqualRaw() throws SQLException {
    store.refreshRollups(NOW);
    for (String[] r : new String[][] {{"samples_1m", "1 minute"}, {"samples_1h", "1 hour"}}) {
      String raw = "SELECT series_id, date_bin(INTERVAL '" + r[1] + "', time, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS bucket,"
          + " count(*) AS count, sum(value) AS sum, min(value) AS min, max(value) AS max FROM samples GROUP BY 1, 2";
      String rollup = "SELECT series_id, bucket, count, sum, min, max FROM " + r[0];
      assertThat(count("SELECT count(*) FROM (" + raw + ") x")).as(r[0] + " buckets").isPositive()
          .isEqualTo(count("SELECT count(*) FROM " + r[0]));
      assertThat(count("SELECT count(*) FROM ((" + raw + ") EXCEPT (" + rollup + ")) d")).as(r[0] + " differs").isZero();
    }
  }

  private static long count(String sql) throws SQLException {
    try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      long v = rs.getLong(1);
      c.commit();
      return v;
    }
  }
}
