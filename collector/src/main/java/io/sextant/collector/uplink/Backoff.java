package io.sextant.collector.uplink;

import java.time.Duration;

/**
 * Exponential backoff between drain rounds that found the bus down: {@code min}, doubled after
 * each failed round up to {@code max}, back to {@code min} after a good round. No jitter: each
 * edge has one drainer, and a fleet of edges reconnecting at once is spread by their different
 * outage start times already. Not thread-safe (the drain thread only).
 */
final class Backoff {
  private final long minMs;
  private final long maxMs;
  private long nextMs;
  private volatile long currentMs; // read by /metrics

  Backoff(Duration min, Duration max) {
    if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < min <= max, got " + min + " and " + max);
    }
    this.minMs = min.toMillis();
    this.maxMs = max.toMillis();
    this.nextMs = minMs;
  }

  /** The delay to wait now; the one after it is twice as long (capped). */
  long next() {
    long d = nextMs;
    nextMs = Math.min(maxMs, nextMs * 2);
    currentMs = d;
    return d;
  }

  void reset() {
    nextMs = minMs;
    currentMs = 0;
  }

  /** The delay being waited, 0 while the bus takes what is sent. */
  long currentMs() {
    return currentMs;
  }
}
