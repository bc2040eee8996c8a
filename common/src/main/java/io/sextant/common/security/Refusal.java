package io.sextant.common.security;

import java.time.Duration;

/**
 * Why a listener refused a call: 401 (no or unknown token), 403 (a role or a site the token does
 * not have) or 429 (the caller's rate limit, with when to retry).
 *
 * @param reason the counter's label ({@code missing_token}, {@code unknown_token}, {@code role},
 *     {@code site}, {@code rate_limited})
 * @param message a sentence for the caller
 * @param retryAfter for a 429, when a retry would be admitted; null otherwise
 */
public record Refusal(int status, String reason, String message, Duration retryAfter) {
  /** Every reason, so counters show zero before the first refusal. */
  public static final java.util.List<String> REASONS =
      java.util.List.of("missing_token", "unknown_token", "role", "site", "rate_limited");

  public static Refusal unauthorized(String reason, String message) {
    return new Refusal(401, reason, message, null);
  }

  public static Refusal forbidden(String reason, String message) {
    return new Refusal(403, reason, message, null);
  }

  /** The Retry-After header's value: whole seconds, at least one. */
  public String retryAfterSeconds() {
    return Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000));
  }
}
