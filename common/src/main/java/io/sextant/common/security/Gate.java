package io.sextant.common.security;

import io.sextant.common.security.ApiTokens.Principal;
import io.sextant.common.security.ApiTokens.Role;
import java.time.Clock;
import java.time.Duration;

/**
 * The one check every HTTP listener of both nodes makes before it serves a call: a known bearer
 * token whose role allows what is asked, then, on an intake, the caller's rate limit. It answers
 * who calls or why not; the listener writes the answer in its own protocol and counts it.
 * Thread-safe.
 */
public final class Gate {
  private final ApiTokens tokens;
  private final RateLimiter limiter;
  private final String site;
  private final Clock clock;

  /** @param limiter the intake's rate limit; null: none (a listener that is not an intake) */
  public Gate(ApiTokens tokens, RateLimiter limiter) {
    this(tokens, limiter, null);
  }

  public Gate(ApiTokens tokens, RateLimiter limiter, String site) {
    this(tokens, limiter, site, Clock.systemUTC());
  }

  /**
   * @param site the site this listener belongs to (an edge's): a token limited to other sites is
   *     refused (403, reason {@code site}); null: a listener of every site (the centre's)
   * @param clock when tokens expire: the wall clock, even in a sped-up demo (a token's expiry is
   *     a person's date, not the simulation's)
   */
  public Gate(ApiTokens tokens, RateLimiter limiter, String site, Clock clock) {
    this.tokens = tokens;
    this.limiter = limiter;
    this.site = site;
    this.clock = clock;
  }

  /**
   * The outcome of one call's check.
   *
   * @param who the caller; null when admitted on a listener without tokens
   * @param refusal why it is refused; null when admitted
   */
  public record Admission(Principal who, Refusal refusal) {
    public boolean admitted() {
      return refusal == null;
    }
  }

  public boolean open() {
    return tokens.open();
  }

  /**
   * @param authorization the request's {@code Authorization} header, or null
   * @param needed the role the call needs
   * @param what the call, as the 403's message names it ({@code POST /v1/metrics})
   * @param remote the caller's address, the rate limit's key when there are no tokens
   */
  public Admission admit(String authorization, Role needed, String what, String remote) {
    Principal who = null;
    if (!tokens.open()) {
      if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
          || authorization.length() <= 7) {
        return refused(Refusal.unauthorized("missing_token", "a bearer token is required (Authorization: Bearer TOKEN)"));
      }
      ApiTokens.Token token = tokens.lookup(authorization.substring(7).strip()).orElse(null);
      if (token == null) {
        return refused(Refusal.unauthorized("unknown_token", "the bearer token is not known here"));
      }
      if (token.expiredAt(clock.instant())) {
        return refused(Refusal.unauthorized("expired_token", "the bearer token of " + token.who().name()
            + " expired at " + token.expires()));
      }
      who = token.who();
      if (!who.role().allows(needed)) {
        return refused(Refusal.forbidden("role", who.name() + " is a " + who.role().lower() + "; " + what
            + " needs " + needed.lower()));
      }
      if (site != null && !who.covers(site)) {
        return refused(Refusal.forbidden("site", who.name() + " may call sites " + who.sites() + " only; this is "
            + site));
      }
    }
    if (limiter != null) {
      Duration wait = limiter.take(who != null ? "token " + who.name() : "address " + remote);
      if (!wait.isZero()) {
        return refused(new Refusal(429, "rate_limited", (who != null ? who.name() : remote)
            + " sends faster than this intake's rate limit; retry later", wait));
      }
    }
    return new Admission(who, null);
  }

  private static Admission refused(Refusal r) {
    return new Admission(null, r);
  }
}
