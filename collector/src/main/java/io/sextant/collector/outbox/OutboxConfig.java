package io.sextant.collector.outbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the outbox lives and how much it may keep. {@code maxBytes} counts encoded message bytes
 * (the file is somewhat larger). Raw samples older than {@code maxSampleAge} and events or alarms
 * older than {@code maxEventAge} are dropped and counted. {@code syncEveryCommit} makes each
 * append survive a power loss as well as a process kill, at a cost in write rate.
 */
public record OutboxConfig(Path file, long maxBytes, Duration maxSampleAge, Duration maxEventAge,
    boolean syncEveryCommit) {
  public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;
  public static final Duration DEFAULT_MAX_SAMPLE_AGE = Duration.ofHours(6);
  public static final Duration DEFAULT_MAX_EVENT_AGE = Duration.ofDays(7);

  public OutboxConfig {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(maxSampleAge, "maxSampleAge");
    Objects.requireNonNull(maxEventAge, "maxEventAge");
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
    }
    if (maxSampleAge.isNegative() || maxSampleAge.isZero() || maxEventAge.isNegative() || maxEventAge.isZero()) {
      throw new IllegalArgumentException("maxSampleAge and maxEventAge must be positive");
    }
  }

  public static OutboxConfig defaults(Path file) {
    return new OutboxConfig(file, DEFAULT_MAX_BYTES, DEFAULT_MAX_SAMPLE_AGE, DEFAULT_MAX_EVENT_AGE, false);
  }

  public OutboxConfig withMaxBytes(long bytes) {
    return new OutboxConfig(file, bytes, maxSampleAge, maxEventAge, syncEveryCommit);
  }

  public OutboxConfig withMaxAges(Duration samples, Duration events) {
    return new OutboxConfig(file, maxBytes, samples, events, syncEveryCommit);
  }
}
