package io.sextant.store.bench;

import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import io.sextant.store.PostgresStore;
import io.sextant.store.StoreConfig;
import io.sextant.store.Stores;
import io.sextant.store.embedded.EmbeddedPostgresServer;
import io.sextant.store.ingest.BinaryCopyEncoder;
import io.sextant.store.ingest.IngestBatcher;
import io.sextant.store.ingest.SampleWriter;
import io.sextant.store.partition.DailyPartitions;
import io.sextant.store.query.Aggregation;
import io.sextant.store.query.QueryPolicy;
import io.sextant.store.query.Results;
import io.sextant.store.query.SampleQueries;
import io.sextant.store.query.SeriesSelector;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Store benchmark, not a test: ingest rows/s of Sextant's path against raw binary COPY of the
 * same rows into the same schema, BRIN against btree on time, and range-query latency raw
 * against rollups. One embedded PostgreSQL (fsync on), one run. Usage in docs/benchmarks-store.md.
 */
public final class StoreBench {
  static final Instant T0 = Instant.parse("2026-07-01T00:00:00Z");
  static final int ROUNDS = Integer.getInteger("rounds", 3);

  public static void main(String[] args) throws Exception {
    int ingestSeries = Integer.parseInt(arg(args, 0, "1000"));
    int ingestSeconds = Integer.parseInt(arg(args, 1, "300"));
    int querySeries = Integer.parseInt(arg(args, 2, "50"));
    System.out.printf("cores=%d, java=%s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start()) {
      StoreConfig config = new StoreConfig(pg.jdbcUrl(), pg.user(), null, 4, null);
      try (PostgresStore store = Stores.open(config)) {
        List<Sample> rows = grid(ingestSeries, ingestSeconds, 1);
        String fillfactor = arg(args, 3, "");
        if (!fillfactor.isEmpty()) {
          // Experiment: room on each page lets rollup updates be HOT (no new index entry).
          exec(store, "ALTER TABLE samples_1m SET (fillfactor = " + fillfactor + ")");
          exec(store, "ALTER TABLE samples_1h SET (fillfactor = " + fillfactor + ")");
          System.out.println("rollup tables fillfactor " + fillfactor);
        }
        ingest(store, rows);
        if (querySeries > 0) {
          indexes(store, rows);
          queries(store, querySeries);
        }
      }
    }
  }

  /** Each round: raw COPY, Sextant's path with and without rollups, on an emptied schema each. */
  static void ingest(PostgresStore store, List<Sample> rows) throws Exception {
    System.out.printf("%n== ingest: %,d rows (%d-sample bus messages) ==%n", rows.size(), 1000);
    double[] raw = new double[ROUNDS];
    double[] sextant = new double[ROUNDS];
    double[] noRollups = new double[ROUNDS];
    double[] withRollups = new double[ROUNDS];
    double[] direct = new double[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      reset(store);
      raw[r] = rate(rows.size(), () -> rawCopy(store, rows));
      reset(store);
      sextant[r] = rate(rows.size(), () -> batcherPath(store, rows));
      check(store, rows.size());
      reset(store);
      direct[r] = rate(rows.size(), () -> directPath(store, rows));
      reset(store);
      noRollups[r] = rate(rows.size(), () -> writerOnly(store, rows, false));
      reset(store);
      withRollups[r] = rate(rows.size(), () -> writerOnly(store, rows, true));
      System.out.printf("round %d: raw COPY %,.0f rows/s | batcher+store %,.0f | store.writeSamples 20k %,.0f | "
          + "staging+idempotent %,.0f | staging+idempotent+rollups %,.0f%n", r + 1, raw[r], sextant[r], direct[r],
          noRollups[r], withRollups[r]);
    }
    double mr = median(raw);
    System.out.printf("MEDIAN raw COPY %,.0f rows/s; batcher+store %,.0f (%.2fx); store.writeSamples %,.0f (%.2fx); "
        + "staging+idempotent %,.0f (%.2fx); +rollups %,.0f (%.2fx)%n", mr, median(sextant), median(sextant) / mr,
        median(direct), median(direct) / mr, median(noRollups), median(noRollups) / mr, median(withRollups),
        median(withRollups) / mr);
  }

  static void rawCopy(PostgresStore store, List<Sample> rows) throws SQLException {
    try (Connection c = store.dataSource().getConnection()) {
      for (int from = 0; from < rows.size(); from += 20_000) {
        List<Sample> chunk = rows.subList(from, Math.min(rows.size(), from + 20_000));
        Arrays3 a = arrays(chunk);
        SampleWriter.copy(c, "COPY samples (series_id, time, value) FROM STDIN (FORMAT binary)",
            BinaryCopyEncoder.encode(a.ids, a.times, a.values, chunk.size()));
        c.commit();
      }
    }
  }

  static void batcherPath(PostgresStore store, List<Sample> rows) throws Exception {
    try (IngestBatcher batcher = new IngestBatcher(store::writeSamples, IngestBatcher.Settings.defaults(),
        Clock.systemUTC())) {
      List<CompletableFuture<Void>> acks = new ArrayList<>();
      for (int from = 0; from < rows.size(); from += 1000) {
        acks.add(batcher.submit(rows.subList(from, Math.min(rows.size(), from + 1000))));
      }
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
    }
  }

  static void directPath(PostgresStore store, List<Sample> rows) {
    for (int from = 0; from < rows.size(); from += 20_000) {
      store.writeSamples(rows.subList(from, Math.min(rows.size(), from + 20_000)));
    }
  }

  /** The SampleWriter alone: no validation, no series rows, no batcher. */
  static void writerOnly(PostgresStore store, List<Sample> rows, boolean rollups) throws SQLException {
    SampleWriter writer = new SampleWriter(rollups);
    try (Connection c = store.dataSource().getConnection()) {
      for (int from = 0; from < rows.size(); from += 20_000) {
        List<Sample> chunk = rows.subList(from, Math.min(rows.size(), from + 20_000));
        Arrays3 a = arrays(chunk);
        writer.write(c, a.ids, a.times, a.values, chunk.size());
        c.commit();
      }
    }
  }

  /** BRIN (the schema's choice) against a btree on time, and no time index, on raw COPY of the same rows. */
  static void indexes(PostgresStore store, List<Sample> rows) throws Exception {
    System.out.printf("%n== time index: BRIN vs btree vs none, raw COPY of %,d rows, then a 10-minute all-series scan ==%n",
        rows.size());
    String[][] variants = {
        {"brin", "CREATE INDEX samples_time_idx ON samples USING brin (time)"},
        {"btree", "CREATE INDEX samples_time_idx ON samples (time)"},
        {"none", null}};
    exec(store, "DROP INDEX IF EXISTS samples_time_brin");
    for (String[] v : variants) {
      double[] rates = new double[ROUNDS];
      double[] scans = new double[ROUNDS];
      long size = 0;
      for (int r = 0; r < ROUNDS; r++) {
        reset(store);
        exec(store, "DROP INDEX IF EXISTS samples_time_idx");
        if (v[1] != null) {
          exec(store, v[1]);
        }
        rates[r] = rate(rows.size(), () -> rawCopy(store, rows));
        exec(store, "ANALYZE samples");
        Instant from = T0.plusSeconds(60);
        scans[r] = millis(() -> exec(store, "SELECT count(*), avg(value) FROM samples WHERE time >= '" + from
            + "' AND time < '" + from.plusSeconds(600) + "'"));
        size = longQuery(store, "SELECT coalesce(sum(pg_relation_size(i.indexrelid)), 0) FROM pg_index i "
            + "JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname LIKE 'samples_2%time%'");
      }
      System.out.printf("%-5s: ingest median %,.0f rows/s, time-index size %,d bytes, 10-min scan median %.1f ms%n", v[0],
          median(rates), size, median(scans));
    }
    exec(store, "DROP INDEX IF EXISTS samples_time_idx");
    exec(store, "CREATE INDEX samples_time_brin ON samples USING brin (time)");
  }

  /** 24 h of {@code series} series at 1 s, loaded through the store, then queried raw and from rollups. */
  static void queries(PostgresStore store, int series) throws Exception {
    reset(store);
    int seconds = 86_400;
    long t = System.nanoTime();
    for (int s0 = 0; s0 < series; s0 += 10) {
      List<Sample> part = new ArrayList<>();
      for (int s = s0; s < Math.min(series, s0 + 10); s++) {
        part.addAll(grid1(s, seconds));
      }
      for (int from = 0; from < part.size(); from += 50_000) {
        store.writeSamples(part.subList(from, Math.min(part.size(), from + 50_000)));
      }
    }
    long rows = (long) series * seconds;
    System.out.printf("%n== query: 24 h of %d series at 1 s = %,d rows, loaded in %.0f s ==%n", series, rows,
        (System.nanoTime() - t) / 1e9);
    exec(store, "VACUUM ANALYZE");
    SampleQueries auto = new SampleQueries(store.dataSource(), QueryPolicy.defaults());
    // Hour rollup from a 1-day range (the default policy reads it from 3 days), to time it too.
    SampleQueries hourly = new SampleQueries(store.dataSource(), new QueryPolicy(Duration.ofHours(3), Duration.ofDays(1)));
    SampleQueries raw = new SampleQueries(store.dataSource(), QueryPolicy.rawOnly());
    SeriesSelector all = SeriesSelector.of("kpi");
    Instant to = T0.plus(Duration.ofDays(1));
    for (Object[] q : new Object[][] {{Duration.ofMinutes(5), auto}, {Duration.ofHours(1), auto},
        {Duration.ofHours(1), hourly}}) {
      Duration step = (Duration) q[0];
      SampleQueries rollups = (SampleQueries) q[1];
      double[] rawMs = new double[5];
      double[] rollupMs = new double[5];
      Results.Range[] out = new Results.Range[2];
      for (int r = 0; r < 5; r++) {
        rawMs[r] = millis(() -> out[0] = raw.range(all, T0, to, step, Aggregation.AVG));
        rollupMs[r] = millis(() -> out[1] = rollups.range(all, T0, to, step, Aggregation.AVG));
      }
      System.out.printf("24 h, step %s, avg over %d series: raw median %.1f ms | %s median %.1f ms (%.1fx faster); "
          + "same answer: %s%n", step, series, median(rawMs), out[1].source(), median(rollupMs),
          median(rawMs) / median(rollupMs), out[0].series().equals(out[1].series()));
    }
  }

  static List<Sample> grid(int series, int seconds, int stepSeconds) {
    List<Sample> out = new ArrayList<>(series * seconds / stepSeconds);
    for (int t = 0; t < seconds; t += stepSeconds) {
      for (int s = 0; s < series; s++) {
        out.add(sample(s, t));
      }
    }
    return out;
  }

  static List<Sample> grid1(int s, int seconds) {
    List<Sample> out = new ArrayList<>(seconds);
    for (int t = 0; t < seconds; t++) {
      out.add(sample(s, t));
    }
    return out;
  }

  static Sample sample(int s, int t) {
    return new Sample("edge-" + (s % 10), "kpi", Labels.of("resource", "node:n" + s, "kind", "cpu"), T0.plusSeconds(t),
        (s * 7 + t) % 100);
  }

  record Arrays3(long[] ids, Instant[] times, double[] values) {}

  static Arrays3 arrays(List<Sample> chunk) {
    long[] ids = new long[chunk.size()];
    Instant[] times = new Instant[chunk.size()];
    double[] values = new double[chunk.size()];
    for (int i = 0; i < chunk.size(); i++) {
      Sample s = chunk.get(i);
      ids[i] = s.seriesId();
      times[i] = s.time();
      values[i] = s.value();
    }
    return new Arrays3(ids, times, values);
  }

  static void reset(PostgresStore store) throws SQLException {
    exec(store, "TRUNCATE samples, samples_1m, samples_1h, series");
    try (Connection c = store.dataSource().getConnection()) {
      DailyPartitions.ensure(c, DailyPartitions.dayOf(T0));
      DailyPartitions.ensure(c, DailyPartitions.dayOf(T0).plusDays(1));
    }
    exec(store, "CHECKPOINT");
  }

  static void check(PostgresStore store, long expected) {
    if (store.sampleCount() != expected) {
      throw new IllegalStateException("expected " + expected + " rows, found " + store.sampleCount());
    }
  }

  interface Work {
    void run() throws Exception;
  }

  static double rate(int rows, Work w) throws Exception {
    return rows / (millis(w) / 1000.0);
  }

  static double millis(Work w) throws Exception {
    long t = System.nanoTime();
    w.run();
    return (System.nanoTime() - t) / 1e6;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  static void exec(PostgresStore store, String sql) throws SQLException {
    try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
      c.setAutoCommit(true); // VACUUM and CHECKPOINT cannot run inside a transaction block
      st.execute(sql);
    }
  }

  static long longQuery(PostgresStore store, String sql) throws SQLException {
    try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      long v = rs.getLong(1);
      c.commit();
      return v;
    }
  }

  private static String arg(String[] args, int i, String dflt) {
    return args.length > i ? args[i] : dflt;
  }
}
