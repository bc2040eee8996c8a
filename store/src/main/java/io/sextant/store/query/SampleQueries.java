package io.sextant.store.query;

import io.sextant.common.store.StoreException;
import io.sextant.store.Docs;
import io.sextant.store.SqlErrors;
import io.sextant.store.query.Results.Latest;
import io.sextant.store.query.Results.Point;
import io.sextant.store.query.Results.Range;
import io.sextant.store.query.Results.RangeSeries;
import io.sextant.store.query.Results.Ranked;
import io.sextant.store.query.Results.SeriesInfo;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Range, latest and top-k queries over the samples, on either layout (the rollups have the same
 * names and columns on TimescaleDB). Each call selects the series first (the small
 * {@code series} table), then reads their points by series id and time, which the primary key
 * (series_id, time) of every partition or rollup serves. Steps are aligned to 2000-01-01 UTC
 * ({@code date_bin}), so step buckets and rollup buckets coincide.
 */
public final class SampleQueries {
  private static final String ORIGIN = "TIMESTAMPTZ '2000-01-01 00:00:00+00'";
  /** Rows per round trip when streaming a large answer. */
  private static final int FETCH = 10_000;

  private final DataSource pool;
  private final QueryPolicy policy;

  /** {@code pool}: connections with auto-commit off, e.g. {@code PostgresStore.dataSource()}. */
  public SampleQueries(DataSource pool, QueryPolicy policy) {
    this.pool = Objects.requireNonNull(pool, "pool");
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** The series the selector matches, by id. */
  public List<SeriesInfo> series(SeriesSelector selector) {
    return run("select series of " + selector.metric(), c -> new ArrayList<>(series(c, selector).values()));
  }

  /** The metric names a site has series of, sorted. */
  public List<String> metrics(String site) {
    return run("list the metrics of " + site, c -> {
      List<String> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT metric FROM series WHERE site = ? ORDER BY 1")) {
        ps.setString(1, site);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getString(1));
          }
        }
      }
      return out;
    });
  }

  /**
   * Points in [from, to) aggregated per step; steps without points are absent. Reads a rollup when
   * the range is long and step and bounds align with it (see {@link Source#choose}).
   */
  public Range range(SeriesSelector selector, Instant from, Instant to, Duration step, Aggregation agg) {
    checkRange(from, to);
    if (step == null || step.toMillis() < 1) {
      throw new IllegalArgumentException("step must be at least 1 ms, got " + step);
    }
    Source source = Source.choose(from, to, step, policy);
    String sql = "SELECT series_id, date_bin(?::interval, " + source.timeColumn + ", " + ORIGIN + ") AS t, "
        + agg.sql(source) + " AS v FROM " + source.table
        + " WHERE series_id = ANY(?) AND " + source.timeColumn + " >= ? AND " + source.timeColumn + " < ?"
        + " GROUP BY 1, 2 ORDER BY 1, 2";
    return run("query range of " + selector.metric(), c -> {
      Map<Long, SeriesInfo> series = series(c, selector);
      List<RangeSeries> out = new ArrayList<>();
      if (series.isEmpty()) {
        return new Range(source, out);
      }
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setFetchSize(FETCH);
        ps.setString(1, step.toMillis() + " milliseconds");
        ps.setArray(2, ids(c, series));
        ps.setObject(3, ts(from));
        ps.setObject(4, ts(to));
        try (ResultSet rs = ps.executeQuery()) {
          long current = 0;
          List<Point> points = null;
          while (rs.next()) {
            long id = rs.getLong(1);
            if (points == null || id != current) {
              current = id;
              points = new ArrayList<>();
              out.add(new RangeSeries(series.get(id), points));
            }
            points.add(new Point(rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getDouble(3)));
          }
        }
      }
      return new Range(source, out);
    });
  }

  /** Each matching series' newest point in (at - lookback, at]; series without one are absent. */
  public List<Latest> latest(SeriesSelector selector, Instant at, Duration lookback) {
    Objects.requireNonNull(at, "at");
    if (lookback == null || lookback.isNegative() || lookback.isZero()) {
      throw new IllegalArgumentException("lookback must be positive, got " + lookback);
    }
    // One backward index probe per series (LATERAL ... LIMIT 1), not a scan of the whole window.
    String sql = """
        SELECT s.id, l.time, l.value FROM unnest(?::bigint[]) AS s(id)
        CROSS JOIN LATERAL (SELECT time, value FROM samples WHERE series_id = s.id AND time > ? AND time <= ?
                            ORDER BY time DESC LIMIT 1) l
        ORDER BY s.id""";
    return run("query latest of " + selector.metric(), c -> {
      Map<Long, SeriesInfo> series = series(c, selector);
      List<Latest> out = new ArrayList<>();
      if (series.isEmpty()) {
        return out;
      }
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setArray(1, ids(c, series));
        ps.setObject(2, ts(at.minus(lookback)));
        ps.setObject(3, ts(at));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Latest(series.get(rs.getLong(1)), rs.getObject(2, OffsetDateTime.class).toInstant(),
                rs.getDouble(3)));
          }
        }
      }
      return out;
    });
  }

  /**
   * The {@code k} series with the highest aggregate over [from, to), highest first (ties by
   * series id). Long aligned ranges read a rollup, as {@link #range} does.
   */
  public List<Ranked> topK(SeriesSelector selector, Instant from, Instant to, Aggregation agg, int k) {
    checkRange(from, to);
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive, got " + k);
    }
    Source source = Source.choose(from, to, Duration.between(from, to), policy);
    String sql = "SELECT series_id, " + agg.sql(source) + " AS v FROM " + source.table
        + " WHERE series_id = ANY(?) AND " + source.timeColumn + " >= ? AND " + source.timeColumn + " < ?"
        + " GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?";
    return run("query top " + k + " of " + selector.metric(), c -> {
      Map<Long, SeriesInfo> series = series(c, selector);
      List<Ranked> out = new ArrayList<>();
      if (series.isEmpty()) {
        return out;
      }
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setArray(1, ids(c, series));
        ps.setObject(2, ts(from));
        ps.setObject(3, ts(to));
        ps.setInt(4, k);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Ranked(series.get(rs.getLong(1)), rs.getDouble(2)));
          }
        }
      }
      return out;
    });
  }

  private static Map<Long, SeriesInfo> series(Connection c, SeriesSelector selector) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT series_id, site, metric, labels FROM series WHERE metric = ?");
    List<Object> params = new ArrayList<>();
    params.add(selector.metric());
    for (LabelMatcher m : selector.matchers()) {
      sql.append(" AND ").append(m.sql());
      params.addAll(List.of(m.parameters()));
    }
    sql.append(" ORDER BY series_id");
    Map<Long, SeriesInfo> out = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long id = rs.getLong(1);
          out.put(id, new SeriesInfo(id, rs.getString(2), rs.getString(3), Docs.labels(rs.getString(4))));
        }
      }
    }
    return out;
  }

  private static Array ids(Connection c, Map<Long, SeriesInfo> series) throws SQLException {
    return c.createArrayOf("int8", series.keySet().toArray(Long[]::new));
  }

  private static OffsetDateTime ts(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  private static void checkRange(Instant from, Instant to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("range end " + to + " must be after its start " + from);
    }
  }

  @FunctionalInterface
  private interface Read<T> {
    T run(Connection c) throws SQLException;
  }

  /** A read-only transaction, rolled back at the end (nothing to commit). */
  private <T> T run(String what, Read<T> read) {
    try (Connection c = pool.getConnection()) {
      try {
        c.setReadOnly(true);
        return read.run(c);
      } finally {
        c.rollback();
        c.setReadOnly(false);
      }
    } catch (SQLException e) {
      throw SqlErrors.toStoreException(what, e);
    }
  }
}
