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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Store benchmark, not a test: ingest rows/s of Sextant's path against raw binary COPY of the
 * same rows into the same schema, BRIN against btree on time, and range-query latency raw
 * against rollups. One embedded PostgreSQL (fsync on), one run. Usage in docs/benchmarks-store.md.
 */
public final class StoreBench {
  static final Instant T0 = Instant.parse("2026-07-01T00:00:00Z");
  static final int ROUNDS = Integer.getInteger("rounds", 5);
  static final int QUERY_ROUNDS = Integer.getInteger("queryRounds", 5);

  public static void main(String[] args) throws Exception {
    int ingestSeries = Integer.parseInt(arg(args, 0, "1000"));
    int ingestSeconds = Integer.parseInt(arg(args, 1, "300"));
    int querySeries = Integer.parseInt(arg(args, 2, "50"));
    System.out.printf("cores=%d, java=%s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start()) {
      StoreConfig config = new StoreConfig(pg.jdbcUrl(), pg.user(), null, 4, null);
      try (PostgresStore store = Stores.open(config)) {
        if (ingestSeconds > 0) {
          List<Sample> rows = grid(ingestSeries, ingestSeconds, 1);
          ingest(store, rows);
          if (Boolean.getBoolean("indexes")) {
            indexes(store, rows);
          }
        }
        if (querySeries > 0) {
          queries(store, querySeries);
        }
      }
    }
  }

  /**
   * Raw COPY against Sextant's path, rounds interleaved, on emptied sample tables each time (the
   * series rows stay: steady state, where a series' row is written once in its life). Round 0
   * warms up (JIT, series rows) and is not counted. Sextant's path is timed from the first submit
   * to the last commit; the rollup refresh that follows is timed apart and reported both ways.
   */
  static void ingest(PostgresStore store, List<Sample> rows) throws Exception {
    System.out.printf("%n== ingest: %,d rows (%d-sample bus messages, one id each) ==%n", rows.size(), MESSAGE);
    double[] raw = new double[ROUNDS];
    double[] preEncoded = new double[ROUNDS];
    double[] sextant = new double[ROUNDS];
    double[] withRefresh = new double[ROUNDS];
    double[] refreshMs = new double[ROUNDS];
    double[] redelivered = new double[ROUNDS];
    double[] conflicting = new double[ROUNDS];
    for (int r = -1; r < ROUNDS; r++) {
      reset(store);
      double rawRate = rate(rows.size(), () -> rawCopy(store, rows));
      reset(store);
      List<byte[]> payloads = encodeChunks(rows);
      double preRate = rate(rows.size(), () -> rawCopyEncoded(store, payloads));
      reset(store);
      double ingestMs = millis(() -> batcherPath(store, rows, "m"));
      long batches = lastBatches;
      check(store, rows.size());
      double refresh = millis(() -> store.refreshRollups(T0.plus(Duration.ofDays(1))));
      checkRollups(store, rows.size());
      // The same messages again (a redelivery: skipped whole), then the same samples under new ids
      // (the rare conflict: the per-row path).
      double again = rate(rows.size(), () -> batcherPath(store, rows, "m"));
      double conflict = rate(rows.size(), () -> batcherPath(store, rows, "other"));
      check(store, rows.size());
      if (r < 0) {
        System.out.printf("warm-up: raw COPY %,.0f rows/s | Sextant %,.0f%n", rawRate, rows.size() / (ingestMs / 1000));
        continue;
      }
      raw[r] = rawRate;
      preEncoded[r] = preRate;
      sextant[r] = rows.size() / (ingestMs / 1000);
      withRefresh[r] = rows.size() / ((ingestMs + refresh) / 1000);
      refreshMs[r] = refresh;
      redelivered[r] = again;
      conflicting[r] = conflict;
      System.out.printf("round %d: raw COPY %,.0f rows/s | raw COPY pre-encoded %,.0f | Sextant (batcher+store, ids) %,.0f "
          + "(%.2fx raw, %.2fx pre-encoded) | incl. rollup refresh %,.0f (%.2fx raw, %.2fx pre-encoded; refresh %.0f ms) | "
          + "redelivered %,.0f | same samples, new ids %,.0f | Sextant batches %d (raw: %d)%n", r + 1, raw[r], preRate,
          sextant[r], sextant[r] / raw[r], sextant[r] / preRate, withRefresh[r], withRefresh[r] / raw[r],
          withRefresh[r] / preRate, refresh, again, conflict, batches, (rows.size() + 19_999) / 20_000);
    }
    double mr = median(raw);
    double mp = median(preEncoded);
    System.out.printf("MEDIAN of %d: raw COPY %,.0f rows/s; raw COPY pre-encoded %,.0f; Sextant %,.0f (%.2fx raw, %.2fx "
        + "pre-encoded); incl. refresh %,.0f (%.2fx raw, %.2fx pre-encoded); refresh %.0f ms; redelivered %,.0f; "
        + "new ids %,.0f (%.2fx raw)%n", ROUNDS, mr, mp, median(sextant), median(sextant) / mr, median(sextant) / mp,
        median(withRefresh), median(withRefresh) / mr, median(withRefresh) / mp, median(refreshMs),
        median(redelivered), median(conflicting), median(conflicting) / mr);
    System.out.printf("MEDIAN of per-round ratios: Sextant/raw %.2fx, Sextant/pre-encoded %.2fx, incl. refresh/raw %.2fx, "
        + "incl. refresh/pre-encoded %.2fx%n", median(ratios(sextant, raw)), median(ratios(sextant, preEncoded)),
        median(ratios(withRefresh, raw)), median(ratios(withRefresh, preEncoded)));
  }

  /** The COPY payloads of the 20,000-row transactions, encoded before any timing. */
  static List<byte[]> encodeChunks(List<Sample> rows) {
    List<byte[]> out = new ArrayList<>();
    for (int from = 0; from < rows.size(); from += 20_000) {
      List<Sample> chunk = rows.subList(from, Math.min(rows.size(), from + 20_000));
      Arrays3 a = arrays(chunk);
      out.add(BinaryCopyEncoder.encode(a.ids, a.times, a.values, chunk.size()));
    }
    return out;
  }

  /** Database time only: the strictest reference (no encoding, no hashing on the clock). */
  static void rawCopyEncoded(PostgresStore store, List<byte[]> payloads) throws SQLException {
    try (Connection c = store.dataSource().getConnection()) {
      for (byte[] p : payloads) {
        SampleWriter.copy(c, "COPY samples (series_id, time, value) FROM STDIN (FORMAT binary)", p);
        c.commit();
      }
    }
  }

  static final int MESSAGE = 1000;

  static double[] ratios(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] / b[i];
    }
    return out;
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

  /** Bus-message-sized submissions with ids {@code prefix-N} to the batcher, every future awaited. */
  static void batcherPath(PostgresStore store, List<Sample> rows, String prefix) throws Exception {
    try (IngestBatcher batcher = new IngestBatcher(store, IngestBatcher.Settings.defaults(), Clock.systemUTC())) {
      List<CompletableFuture<Void>> acks = new ArrayList<>();
      for (int from = 0; from < rows.size(); from += MESSAGE) {
        acks.add(batcher.submit(prefix + "-" + from, rows.subList(from, Math.min(rows.size(), from + MESSAGE))));
      }
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
      lastBatches = batcher.committedBatches();
    }
  }

  /** Transactions the last {@link #batcherPath} committed: fewer than rows / 20,000 means batches were not filled. */
  static long lastBatches;

  static void checkRollups(PostgresStore store, long expected) throws SQLException {
    for (String table : new String[] {"samples_1m", "samples_1h"}) {
      long n = longQuery(store, "SELECT coalesce(sum(count), 0) FROM " + table);
      if (n != expected) {
        throw new IllegalStateException(table + " counts " + n + " samples, expected " + expected);
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
    // The rollup refresh runs every 10 s during the load, as CentralStore schedules it.
    ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor();
    double[] refreshTotal = {0};
    refresher.scheduleWithFixedDelay(() -> {
      long r0 = System.nanoTime();
      store.refreshRollups(T0.plus(Duration.ofDays(1)));
      refreshTotal[0] += (System.nanoTime() - r0) / 1e9;
    }, 10, 10, TimeUnit.SECONDS);
    // In time order, all series each minute, as live ingest would see them; 1,000-sample messages.
    try (IngestBatcher batcher = new IngestBatcher(store, IngestBatcher.Settings.defaults(), Clock.systemUTC())) {
      List<CompletableFuture<Void>> acks = new ArrayList<>();
      for (int minute = 0; minute < seconds / 60; minute++) {
        List<Sample> part = new ArrayList<>(series * 60);
        for (int s = 0; s < series; s++) {
          for (int sec = minute * 60; sec < minute * 60 + 60; sec++) {
            part.add(sample(s, sec));
          }
        }
        for (int from = 0; from < part.size(); from += MESSAGE) {
          acks.add(batcher.submit("q" + minute + "-" + from, part.subList(from, Math.min(part.size(), from + MESSAGE))));
        }
        acks.removeIf(CompletableFuture::isDone);
      }
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
    }
    double loadS = (System.nanoTime() - t) / 1e9;
    refresher.shutdown();
    refresher.awaitTermination(1, TimeUnit.HOURS);
    double lastRefreshS = millis(() -> store.refreshRollups(T0.plus(Duration.ofDays(1)))) / 1000;
    long rows = (long) series * seconds;
    System.out.printf("%n== query: 24 h of %d series at 1 s = %,d rows, ingested in %.0f s (%,.0f rows/s) with the "
        + "rollup refresh every 10 s alongside (%.0f s of refresh in all, last pass after the load %.1f s) ==%n", series,
        rows, loadS, rows / loadS, refreshTotal[0] + lastRefreshS, lastRefreshS);
    checkRollups(store, rows);
    double vacuumS = millis(() -> exec(store, "VACUUM ANALYZE")) / 1000;
    System.out.printf("VACUUM ANALYZE %.0f s; samples %s, samples_1m %s, samples_1h %s%n", vacuumS,
        size(store, "samples"), size(store, "samples_1m"), size(store, "samples_1h"));
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
      double[] rawMs = new double[QUERY_ROUNDS];
      double[] rollupMs = new double[QUERY_ROUNDS];
      Results.Range[] out = new Results.Range[2];
      for (int r = 0; r < QUERY_ROUNDS; r++) {
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

  /** Total size of a table with its partitions and indexes. */
  static String size(PostgresStore store, String table) throws SQLException {
    long bytes = longQuery(store, "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
        + "WHERE c.relkind = 'r' AND (c.relname = '" + table + "' OR c.relname ~ '^" + table + "_[0-9]{8}$')");
    return String.format("%.2f GB", bytes / 1e9);
  }

  /** Empties the sample tables and the ledger; series rows stay (steady state). */
  static void reset(PostgresStore store) throws SQLException {
    exec(store, "TRUNCATE samples, samples_1m, samples_1h, ingest_ledger, rollup_dirty");
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
