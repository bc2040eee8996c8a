package io.sextant.common.security;

import static io.sextant.common.config.Keys.key;

import io.sextant.common.config.ConfigException;
import io.sextant.common.config.Keys;
import io.sextant.common.config.YamlFields;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * How a node's HTTP listeners are secured, as its {@code http:} section says (the same keys on
 * both nodes): TLS from PEM files, the bearer tokens file, the intakes' rate limit. Every listener
 * of the node takes the same: with TLS set none answers in plaintext.
 *
 * @param tls null: plaintext
 * @param tokensFile null: every call is taken
 * @param rateLimit the intakes' limit per caller; null: none
 */
public record HttpSecurity(TlsFiles tls, Path tokensFile, RateLimit rateLimit) {
  public static final HttpSecurity NONE = new HttpSecurity(null, null, null);

  public static final Keys TLS_KEYS = Keys.of("http.tls", "TLS on every HTTP listener of the node, from PEM files "
      + "(docs/operations.md shows how to make them); with it no listener answers in plaintext.",
      key("certificate", "path", "required", "the certificate chain, leaf first (`-----BEGIN CERTIFICATE-----`)"),
      key("private-key", "path", "required", "its private key, unencrypted PKCS#8 (`-----BEGIN PRIVATE KEY-----`; "
          + "RSA, EC or Ed25519); keep the file readable by the node's user only"),
      key("client-ca", "path", "—", "CA certificates (PEM); with it every client must present a certificate they "
          + "signed (mutual TLS)"));
  public static final Keys RATE_KEYS = Keys.of("http.rate-limit", "A token bucket per caller (the token's name, or "
      + "the remote address without tokens) on the intakes only: the Alertmanager alerts intake, OTLP, remote "
      + "write. Over it: 429 with Retry-After, counted by reason `rate_limited`; other callers are not affected.",
      key("per-second", "number", "required", "requests a second each caller may send, on average"),
      key("burst", "whole number", "per-second, at least 1", "requests a caller may send at once after a quiet spell"));

  /** Reads {@code tls} and {@code rate-limit} of an {@code http:} section, and {@code tokens-file}. */
  public static HttpSecurity read(Map<String, Object> http, Path base) {
    if (http == null) {
      return NONE;
    }
    Map<String, Object> t = YamlFields.section(http, "tls", "http.", TLS_KEYS.names());
    TlsFiles tls = t == null ? null : new TlsFiles(required(YamlFields.path(t, "certificate", "http.tls.", base),
        "http.tls.certificate"), required(YamlFields.path(t, "private-key", "http.tls.", base), "http.tls.private-key"),
        YamlFields.path(t, "client-ca", "http.tls.", base));
    Map<String, Object> r = YamlFields.section(http, "rate-limit", "http.", RATE_KEYS.names());
    RateLimit rate = null;
    if (r != null) {
      double perSecond = YamlFields.number(r, "per-second", "http.rate-limit.", Double.NaN);
      if (Double.isNaN(perSecond)) {
        throw new ConfigException("http.rate-limit.per-second: required (requests a second per caller)");
      }
      rate = new RateLimit(perSecond, (int) YamlFields.integer(r, "burst", "http.rate-limit.",
          Math.max(1, (long) Math.ceil(perSecond))));
    }
    return new HttpSecurity(tls, YamlFields.path(http, "tokens-file", "http.", base), rate);
  }

  private static Path required(Path p, String field) {
    if (p == null) {
      throw new ConfigException(field + ": required with http.tls");
    }
    return p;
  }

  /** The tokens, read from their file now; {@link ApiTokens#OPEN} without one. */
  public ApiTokens tokens() {
    return tokensFile == null ? ApiTokens.OPEN : ApiTokens.load(tokensFile);
  }

  /**
   * A gate for a listener: an intake's has the rate limit, any other none.
   *
   * @param site an edge's site, which a token limited to sites must cover; null on the centre
   */
  public Gate gate(ApiTokens tokens, boolean intake, Clock clock, String site) {
    return new Gate(tokens, intake && rateLimit != null ? new RateLimiter(rateLimit, clock) : null, site);
  }

  public HttpSecurity withTokensFile(Path file) {
    return new HttpSecurity(tls, file, rateLimit);
  }
}
