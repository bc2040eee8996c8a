package io.sextant.store;

import io.sextant.common.model.Sample;
import io.sextant.store.ingest.SampleWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples and their series: validation of incoming samples, the series rows (one
 * {@code INSERT ... SELECT FROM unnest} of arrays per write, labels stored once), and reads. The
 * samples themselves go through {@link SampleWriter}.
 */
final class SampleTable {
  /** Rows fetched per round trip when reading a range. */
  static final int CHUNK = 5_000;

  private static final Logger log = LoggerFactory.getLogger(SampleTable.class);

  private static final String INSERT_SERIES = """
      INSERT INTO series (series_id, site, metric, labels)
      SELECT s.id, s.site, s.metric, s.labels::jsonb
      FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[]) AS s(id, site, metric, labels)
      ON CONFLICT (series_id) DO NOTHING""";

  private static final String SELECT_RANGE = """
      SELECT s.series_id, s.time, s.value, r.site, r.labels
      FROM series r JOIN samples s ON s.series_id = r.series_id
      WHERE r.metric = ? AND s.time >= ? AND s.time < ?
      ORDER BY s.series_id, s.time""";

  /**
   * Keys in sorted order: two writers inserting overlapping keys in opposite orders could
   * otherwise deadlock on each other's not yet committed rows.
   */
  private static final Comparator<Keyed> KEY_ORDER =
      Comparator.comparingLong(Keyed::seriesId).thenComparing(k -> k.sample().time());

  private final AtomicLong rejected = new AtomicLong();

  /** A sample with its series id, computed once (it hashes the labels). */
  record Keyed(long seriesId, Sample sample) {}

  /**
   * Drops the samples that cannot be stored, logging and counting each, so that one bad value
   * never fails the batch around it; returns the rest in key order.
   */
  List<Keyed> accept(List<Sample> samples) {
    List<Keyed> good = new ArrayList<>(samples.size());
    for (Sample s : samples) {
      if (s == null) {
        rejected.incrementAndGet();
        log.warn("rejected a null sample");
      } else if (!Double.isFinite(s.value())) {
        reject(s, "value is " + s.value() + ", not a finite number");
      } else if (hasNul(s)) {
        reject(s, "site, metric or a label contains a NUL character, which PostgreSQL text cannot hold");
      } else {
        good.add(new Keyed(s.seriesId(), s));
      }
    }
    good.sort(KEY_ORDER);
    return good;
  }

  private void reject(Sample s, String reason) {
    rejected.incrementAndGet();
    log.warn("rejected sample of series site={} metric={} labels={} at {}: {}", s.site(), s.metric(), s.labels(),
        s.time(), reason);
  }

  private static boolean hasNul(Sample s) {
    if (s.site().indexOf(0) >= 0 || s.metric().indexOf(0) >= 0) {
      return true;
    }
    for (Map.Entry<String, String> e : s.labels().entrySet()) {
      if (e.getKey().indexOf(0) >= 0 || (e.getValue() != null && e.getValue().indexOf(0) >= 0)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Inserts the series rows, then the samples through {@link SampleWriter} (binary COPY into a
   * staging table, idempotent move). Returns the samples inserted.
   */
  int insert(Connection c, List<Keyed> samples, SampleWriter writer) throws SQLException {
    insertSeries(c, samples);
    int n = samples.size();
    long[] ids = new long[n];
    Instant[] times = new Instant[n];
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      Keyed k = samples.get(i);
      ids[i] = k.seriesId();
      times[i] = k.sample().time();
      values[i] = k.sample().value();
    }
    return writer.write(c, ids, times, values, n);
  }

  private static void insertSeries(Connection c, List<Keyed> samples) throws SQLException {
    Map<Long, Sample> series = new LinkedHashMap<>();
    for (Keyed k : samples) {
      series.putIfAbsent(k.seriesId(), k.sample());
    }
    int n = series.size();
    Long[] ids = new Long[n];
    String[] sites = new String[n];
    String[] metrics = new String[n];
    String[] labels = new String[n];
    int i = 0;
    for (Map.Entry<Long, Sample> e : series.entrySet()) {
      ids[i] = e.getKey();
      sites[i] = e.getValue().site();
      metrics[i] = e.getValue().metric();
      labels[i] = Docs.encode(e.getValue().labels());
      i++;
    }
    try (PreparedStatement ps = c.prepareStatement(INSERT_SERIES)) {
      ps.setArray(1, c.createArrayOf("int8", ids));
      ps.setArray(2, c.createArrayOf("text", sites));
      ps.setArray(3, c.createArrayOf("text", metrics));
      ps.setArray(4, c.createArrayOf("text", labels));
      ps.executeUpdate();
    }
  }

  List<Sample> select(Connection c, String metric, Instant from, Instant to) throws SQLException {
    List<Sample> out = new ArrayList<>();
    Map<Long, Map<String, String>> labelsBySeries = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(SELECT_RANGE)) {
      // With auto-commit off the driver streams rows in pages instead of loading the whole range.
      ps.setFetchSize(CHUNK);
      ps.setString(1, metric);
      ps.setObject(2, Jdbc.timestamp(from));
      ps.setObject(3, Jdbc.timestamp(to));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long id = rs.getLong("series_id");
          String labelsJson = rs.getString("labels");
          Map<String, String> labels = labelsBySeries.computeIfAbsent(id, k -> Docs.labels(labelsJson));
          out.add(new Sample(rs.getString("site"), metric, labels, Jdbc.instant(rs, "time"), rs.getDouble("value")));
        }
      }
    }
    return out;
  }

  long count(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM samples");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  long rejected() {
    return rejected.get();
  }
}
