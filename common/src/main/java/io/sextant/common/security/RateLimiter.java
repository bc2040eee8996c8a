package io.sextant.common.security;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per caller for one {@link RateLimit}, on an injected clock. Thread-safe. A bucket
 * that has refilled to its burst is the same as none, so the map is swept of those when it grows
 * past {@link #SWEEP_AT} callers (a scan of addresses cannot grow it without bound).
 */
public final class RateLimiter {
  static final int SWEEP_AT = 10_000;

  private final RateLimit limit;
  private final Clock clock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(RateLimit limit, Clock clock) {
    this.limit = limit;
    this.clock = clock;
  }

  /** Takes one request of {@code caller}: zero when admitted, else how long until it would be. */
  public Duration take(String caller) {
    long now = clock.millis();
    if (buckets.size() > SWEEP_AT) {
      sweep(now);
    }
    return buckets.computeIfAbsent(caller, k -> new Bucket(limit.burst(), now)).take(now);
  }

  int callers() {
    return buckets.size();
  }

  private void sweep(long now) {
    for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
      if (it.next().full(now)) {
        it.remove();
      }
    }
  }

  private final class Bucket {
    private double tokens;
    private long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }

    synchronized Duration take(long now) {
      refill(now);
      if (tokens >= 1) {
        tokens -= 1;
        return Duration.ZERO;
      }
      return Duration.ofMillis((long) Math.ceil((1 - tokens) * 1000 / limit.perSecond()));
    }

    synchronized boolean full(long now) {
      refill(now);
      return tokens >= limit.burst();
    }

    private void refill(long now) {
      if (now > at) {
        tokens = Math.min(limit.burst(), tokens + (now - at) * limit.perSecond() / 1000);
        at = now;
      }
    }
  }
}
