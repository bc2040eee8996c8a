package io.sextant.store.query;

import java.time.Duration;
import java.util.Objects;

/**
 * From which range length a query reads a rollup instead of raw samples (when its step and bounds
 * align with it). A short range stays on raw samples so that it sees the newest points as soon as
 * they are committed, with full precision, at little cost.
 */
public record QueryPolicy(Duration rollup1mFrom, Duration rollup1hFrom) {
  public static final Duration DEFAULT_ROLLUP_1M_FROM = Duration.ofHours(3);
  public static final Duration DEFAULT_ROLLUP_1H_FROM = Duration.ofDays(3);

  public QueryPolicy {
    Objects.requireNonNull(rollup1mFrom, "rollup1mFrom");
    Objects.requireNonNull(rollup1hFrom, "rollup1hFrom");
    if (rollup1hFrom.compareTo(rollup1mFrom) < 0) {
      throw new IllegalArgumentException("rollup1hFrom (" + rollup1hFrom + ") must not be shorter than rollup1mFrom ("
          + rollup1mFrom + ")");
    }
  }

  public static QueryPolicy defaults() {
    return new QueryPolicy(DEFAULT_ROLLUP_1M_FROM, DEFAULT_ROLLUP_1H_FROM);
  }

  /** Never read rollups: for comparisons and tests. */
  public static QueryPolicy rawOnly() {
    return new QueryPolicy(Duration.ofDays(365_000), Duration.ofDays(365_000));
  }
}
