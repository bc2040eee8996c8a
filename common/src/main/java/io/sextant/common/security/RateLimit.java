package io.sextant.common.security;

import io.sextant.common.config.ConfigException;

/**
 * An intake's rate limit: a token bucket per caller (the token's name, or the remote address
 * when the listener has no tokens) refilled at {@code perSecond} requests a second up to
 * {@code burst}. A request is one batch however many samples or alerts it carries: the limit
 * stops a runaway or hostile sender, the body size limits bound each batch.
 */
public record RateLimit(double perSecond, int burst) {
  public RateLimit {
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      throw new ConfigException("rate-limit.per-second: must be a positive number, got " + perSecond);
    }
    if (burst < 1) {
      throw new ConfigException("rate-limit.burst: must be at least 1, got " + burst);
    }
  }
}
