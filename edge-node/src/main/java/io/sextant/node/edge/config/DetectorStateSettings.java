package io.sextant.node.edge.config;

import io.sextant.common.config.ConfigException;
import java.time.Duration;

/**
 * How the edge keeps its detectors' learned state across restarts ({@code detection.checkpoint-interval},
 * {@code detection.state-max-age}).
 *
 * @param checkpointInterval how often, in window time, the state is written to the edge's SQLite
 *     file (also at every stop); a kill loses at most this much learning
 * @param maxAge a series whose last point is older than this when the edge starts (or checkpoints)
 *     is not restored (or kept): its level may have moved anywhere since
 */
public record DetectorStateSettings(Duration checkpointInterval, Duration maxAge) {
  public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(60);
  /** A day: long enough for a weekend's outage of the edge host, short of a season. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(24);

  public DetectorStateSettings {
    checkpointInterval = checkpointInterval == null ? DEFAULT_CHECKPOINT_INTERVAL : checkpointInterval;
    maxAge = maxAge == null ? DEFAULT_MAX_AGE : maxAge;
    if (checkpointInterval.toMillis() < 1000) {
      throw new ConfigException("detection.checkpoint-interval: must be at least 1s, got " + checkpointInterval);
    }
    if (maxAge.toMillis() < 1000) {
      throw new ConfigException("detection.state-max-age: must be at least 1s, got " + maxAge);
    }
  }

  public static DetectorStateSettings defaults() {
    return new DetectorStateSettings(null, null);
  }
}
