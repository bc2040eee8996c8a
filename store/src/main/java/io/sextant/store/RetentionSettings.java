package io.sextant.store;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the central store keeps raw samples and their rollups, and how far ahead the daily
 * partitions are created. Validated on construction: every retention is positive, rollups are
 * kept at least as long as the data they summarise, and raw data is kept at least a day (the
 * partition width: retention drops whole days).
 *
 * @param raw raw samples; whole daily partitions older than this are dropped
 * @param rollup1m 1-minute rollups (count, sum, min, max per series and minute)
 * @param rollup1h 1-hour rollups
 * @param partitionsAhead daily partitions created ahead of today by the maintenance job, so that
 *     ingest never waits on a {@code CREATE TABLE} in the normal case
 * @param maintenanceEvery how often the maintenance job runs (partitions ahead, retention)
 */
public record RetentionSettings(Duration raw, Duration rollup1m, Duration rollup1h, int partitionsAhead,
    Duration maintenanceEvery) {
  public static final Duration DEFAULT_RAW = Duration.ofDays(15);
  public static final Duration DEFAULT_ROLLUP_1M = Duration.ofDays(90);
  public static final Duration DEFAULT_ROLLUP_1H = Duration.ofDays(730);
  public static final int DEFAULT_PARTITIONS_AHEAD = 3;
  public static final Duration DEFAULT_MAINTENANCE_EVERY = Duration.ofHours(1);

  public RetentionSettings {
    positive("raw", raw);
    positive("rollup1m", rollup1m);
    positive("rollup1h", rollup1h);
    positive("maintenanceEvery", maintenanceEvery);
    if (raw.compareTo(Duration.ofDays(1)) < 0) {
      throw new IllegalArgumentException("raw retention must be at least 1 day (partitions are daily), got " + raw);
    }
    if (rollup1m.compareTo(raw) < 0) {
      throw new IllegalArgumentException("rollup1m retention (" + rollup1m + ") must not be shorter than raw (" + raw
          + "): a rollup outlives the samples it summarises");
    }
    if (rollup1h.compareTo(rollup1m) < 0) {
      throw new IllegalArgumentException("rollup1h retention (" + rollup1h + ") must not be shorter than rollup1m ("
          + rollup1m + ")");
    }
    if (partitionsAhead < 1 || partitionsAhead > 60) {
      throw new IllegalArgumentException("partitionsAhead must be between 1 and 60 days, got " + partitionsAhead);
    }
  }

  public static RetentionSettings defaults() {
    return new RetentionSettings(DEFAULT_RAW, DEFAULT_ROLLUP_1M, DEFAULT_ROLLUP_1H, DEFAULT_PARTITIONS_AHEAD,
        DEFAULT_MAINTENANCE_EVERY);
  }

  public RetentionSettings withRaw(Duration d) {
    return new RetentionSettings(d, rollup1m, rollup1h, partitionsAhead, maintenanceEvery);
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
    }
  }
}
