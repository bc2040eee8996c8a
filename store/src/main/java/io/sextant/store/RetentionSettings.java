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
 * @param rollupRefreshEvery how often the native rollups are brought up to date with the samples
 *     ingested since the last refresh: the most a rollup lags behind the raw data, plus one pass
 * @param ledger how long ids of ingested messages are remembered; a message redelivered within
 *     this time is skipped whole, a later one goes through the per-row duplicate check
 */
public record RetentionSettings(Duration raw, Duration rollup1m, Duration rollup1h, int partitionsAhead,
    Duration maintenanceEvery, Duration rollupRefreshEvery, Duration ledger) {
  public static final Duration DEFAULT_RAW = Duration.ofDays(15);
  public static final Duration DEFAULT_ROLLUP_1M = Duration.ofDays(90);
  public static final Duration DEFAULT_ROLLUP_1H = Duration.ofDays(730);
  public static final int DEFAULT_PARTITIONS_AHEAD = 3;
  public static final Duration DEFAULT_MAINTENANCE_EVERY = Duration.ofHours(1);
  public static final Duration DEFAULT_ROLLUP_REFRESH_EVERY = Duration.ofSeconds(10);
  public static final Duration DEFAULT_LEDGER = Duration.ofDays(7);

  public RetentionSettings {
    positive("raw", raw);
    positive("rollup1m", rollup1m);
    positive("rollup1h", rollup1h);
    positive("maintenanceEvery", maintenanceEvery);
    positive("rollupRefreshEvery", rollupRefreshEvery);
    positive("ledger", ledger);
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

  /** With the default rollup refresh period and ledger retention. */
  public RetentionSettings(Duration raw, Duration rollup1m, Duration rollup1h, int partitionsAhead,
      Duration maintenanceEvery) {
    this(raw, rollup1m, rollup1h, partitionsAhead, maintenanceEvery, DEFAULT_ROLLUP_REFRESH_EVERY, DEFAULT_LEDGER);
  }

  public static RetentionSettings defaults() {
    return new RetentionSettings(DEFAULT_RAW, DEFAULT_ROLLUP_1M, DEFAULT_ROLLUP_1H, DEFAULT_PARTITIONS_AHEAD,
        DEFAULT_MAINTENANCE_EVERY, DEFAULT_ROLLUP_REFRESH_EVERY, DEFAULT_LEDGER);
  }

  public RetentionSettings withRaw(Duration d) {
    return new RetentionSettings(d, rollup1m, rollup1h, partitionsAhead, maintenanceEvery, rollupRefreshEvery, ledger);
  }

  public RetentionSettings withRollupRefreshEvery(Duration d) {
    return new RetentionSettings(raw, rollup1m, rollup1h, partitionsAhead, maintenanceEvery, d, ledger);
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
    }
  }
}
