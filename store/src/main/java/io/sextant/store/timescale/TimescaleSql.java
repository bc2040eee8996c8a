package io.sextant.store.timescale;

import io.sextant.store.RetentionSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Statements that turn the V1 {@code samples} table into a TimescaleDB hypertable with daily
 * chunks and create the rollups as continuous aggregates named like the native rollup tables
 * ({@code samples_1m}, {@code samples_1h}; columns series_id, bucket, count, sum, min, max).
 * {@code samples_1h} is a hierarchical aggregate over {@code samples_1m} (TimescaleDB 2.9+).
 * Real-time aggregation stays on ({@code materialized_only = false}) so the newest, not yet
 * materialised minutes are visible to queries as they are on the native path.
 */
public final class TimescaleSql {
  public static final String EXTENSION = "timescaledb";

  private TimescaleSql() {}

  /** Run once, by the migration, on a database where the extension is available. */
  public static List<String> layout(RetentionSettings settings) {
    List<String> out = new ArrayList<>();
    out.add("CREATE EXTENSION IF NOT EXISTS " + EXTENSION);
    out.add("SELECT create_hypertable('samples', by_range('time', INTERVAL '1 day'), migrate_data => true)");
    out.add("ALTER TABLE samples SET (timescaledb.compress, timescaledb.compress_segmentby = 'series_id', "
        + "timescaledb.compress_orderby = 'time')");
    out.add(rollup("samples_1m", """
        SELECT series_id, time_bucket(INTERVAL '1 minute', time) AS bucket,
               count(*) AS count, sum(value) AS sum, min(value) AS min, max(value) AS max
        FROM samples GROUP BY series_id, time_bucket(INTERVAL '1 minute', time)"""));
    out.add(rollup("samples_1h", """
        SELECT series_id, time_bucket(INTERVAL '1 hour', bucket) AS bucket,
               sum(count) AS count, sum(sum) AS sum, min(min) AS min, max(max) AS max
        FROM samples_1m GROUP BY series_id, time_bucket(INTERVAL '1 hour', bucket)"""));
    out.addAll(policies(settings));
    return out;
  }

  /**
   * The policies for the given settings; idempotent (each is removed first), so they can be
   * re-applied when the settings change.
   */
  public static List<String> policies(RetentionSettings settings) {
    List<String> out = new ArrayList<>();
    // Compress a day's chunk once it is at least a day old: late samples still land uncompressed.
    out.add("SELECT remove_compression_policy('samples', if_exists => true)");
    out.add("SELECT add_compression_policy('samples', compress_after => " + interval(Duration.ofDays(2)) + ")");
    out.addAll(retention("samples", settings.raw()));
    out.addAll(retention("samples_1m", settings.rollup1m()));
    out.addAll(retention("samples_1h", settings.rollup1h()));
    // Refresh windows must end before the raw data is dropped, or a refresh would empty old buckets.
    out.addAll(refresh("samples_1m", min(settings.raw(), Duration.ofDays(3)), Duration.ofMinutes(1), Duration.ofMinutes(1)));
    out.addAll(refresh("samples_1h", min(settings.rollup1m(), Duration.ofDays(7)), Duration.ofHours(1), Duration.ofMinutes(30)));
    return out;
  }

  /** The layout SQL as one script, for operators who migrate by hand. */
  public static String script(RetentionSettings settings) {
    return String.join(";\n", layout(settings)) + ";\n";
  }

  static String rollup(String name, String select) {
    return "CREATE MATERIALIZED VIEW " + name + " WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS\n"
        + select + "\nWITH NO DATA";
  }

  static List<String> retention(String relation, Duration keep) {
    return List.of("SELECT remove_retention_policy('" + relation + "', if_exists => true)",
        "SELECT add_retention_policy('" + relation + "', drop_after => " + interval(keep) + ")");
  }

  static List<String> refresh(String view, Duration start, Duration end, Duration every) {
    return List.of("SELECT remove_continuous_aggregate_policy('" + view + "', if_exists => true)",
        "SELECT add_continuous_aggregate_policy('" + view + "', start_offset => " + interval(start)
        + ", end_offset => " + interval(end) + ", schedule_interval => " + interval(every) + ")");
  }

  /** Seconds, so every Duration is exact and the literal is the same in every locale. */
  static String interval(Duration d) {
    return "INTERVAL '" + d.toSeconds() + " seconds'";
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
