package io.sextant.store.query;

import java.time.Duration;
import java.time.Instant;

/** Where a query reads: raw samples, or a rollup whose buckets the query's steps are made of. */
public enum Source {
  RAW("samples", "time", Duration.ZERO),
  ROLLUP_1M("samples_1m", "bucket", Duration.ofMinutes(1)),
  ROLLUP_1H("samples_1h", "bucket", Duration.ofHours(1));

  final String table;
  final String timeColumn;
  final Duration width;

  Source(String table, String timeColumn, Duration width) {
    this.table = table;
    this.timeColumn = timeColumn;
    this.width = width;
  }

  /**
   * The coarsest rollup that gives exactly the raw answer and is worth it: the range is at least
   * the policy's threshold for it, and the step and both bounds are whole multiples of its bucket
   * width (buckets are aligned to 2000-01-01 UTC, as the step buckets are). Otherwise raw.
   */
  static Source choose(Instant from, Instant to, Duration step, QueryPolicy policy) {
    Duration range = Duration.between(from, to);
    if (range.compareTo(policy.rollup1hFrom()) >= 0 && fits(ROLLUP_1H, from, to, step)) {
      return ROLLUP_1H;
    }
    if (range.compareTo(policy.rollup1mFrom()) >= 0 && fits(ROLLUP_1M, from, to, step)) {
      return ROLLUP_1M;
    }
    return RAW;
  }

  private static boolean fits(Source s, Instant from, Instant to, Duration step) {
    long w = s.width.toMillis();
    // Every bucket width divides a day, so alignment to 2000-01-01 is alignment to the Unix epoch.
    return step.toMillis() % w == 0 && from.toEpochMilli() % w == 0 && to.toEpochMilli() % w == 0;
  }
}
