package io.sextant.common.security;

import io.sextant.common.config.ConfigException;
import io.sextant.common.config.YamlFields;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who may call an HTTP listener of either node: bearer tokens with a role, optionally limited to
 * sites, kept as SHA-256 hashes only (a stolen tokens file opens nothing). Both nodes read the
 * same file format. {@link #OPEN} is a listener without tokens, as before any are configured.
 *
 * <pre>
 * tokens:
 *   - {name: noc-ana, role: operator, sha256: 9f86d0...}   # sha256 of the token, in hex
 *   - {name: edge1-ops, role: operator, sites: [edge-1], sha256: ...}
 *   - {name: otel-agent, role: writer, sha256: ...}        # may only send data to the intakes
 *   - {name: contractor, role: viewer, expires: 2027-03-31T00:00:00Z, sha256: ...}
 * </pre>
 */
public final class ApiTokens {
  /**
   * What a token may do. Viewer, operator and admin each may do what the ones before it may; a
   * writer may only send data to the intakes (OTLP, remote write, alerts), which operators and
   * admins may too, as a metrics agent's token (Mimir's or Grafana Cloud's write-only access
   * policies) should open nothing else. Ask {@link #allows}, not the order: it is first so that
   * a check by order grants it nothing.
   */
  public enum Role {
    /** Only send samples and alerts to the intakes; reads nothing. */
    WRITER,
    /** Read alarms, silences, views and metrics. */
    VIEWER,
    /** Also acknowledge, clear, comment, silence, approve and deny, send alerts and samples. */
    OPERATOR,
    /** Also the safety switches (dry run, pause, freezes). */
    ADMIN;

    /** Whether this role may do what {@code needed} may. */
    public boolean allows(Role needed) {
      if (needed == WRITER) {
        return this == WRITER || compareTo(OPERATOR) >= 0;
      }
      return this != WRITER && compareTo(needed) >= 0;
    }

    public String lower() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The caller a token names.
   *
   * @param sites the sites it may see and act on; empty: every site
   */
  public record Principal(String name, Role role, Set<String> sites) {
    public Principal {
      sites = Set.copyOf(sites);
    }

    /** A caller of every site. */
    public Principal(String name, Role role) {
      this(name, role, Set.of());
    }

    /** Whether this caller may see and act on {@code site}; a caller of every site may on any. */
    public boolean covers(String site) {
      return sites.isEmpty() || sites.contains(site);
    }
  }

  /**
   * A known token: who it names and until when it opens anything.
   *
   * @param expires the instant from which it is refused (401, {@code expired_token}); null: never
   */
  public record Token(Principal who, Instant expires) {
    public boolean expiredAt(Instant now) {
      return expires != null && !now.isBefore(expires);
    }
  }

  public static final ApiTokens OPEN = new ApiTokens(Map.of());

  private static final Set<String> ENTRY_KEYS = Set.of("name", "role", "sites", "expires", "sha256");
  private final Map<String, Token> byHash;

  private ApiTokens(Map<String, Token> byHash) {
    this.byHash = Map.copyOf(byHash);
  }

  /** True when no token is configured: the listener takes every call. */
  public boolean open() {
    return byHash.isEmpty();
  }

  /** Who the token names, expired or not; {@link #lookup} also says until when. */
  public Optional<Principal> find(String token) {
    return lookup(token).map(Token::who);
  }

  public Optional<Token> lookup(String token) {
    return Optional.ofNullable(byHash.get(sha256(token)));
  }

  /** One token, for a port started by the CLI itself (the demo's {@code --serve}). */
  public static ApiTokens single(String name, Role role, String token) {
    return new ApiTokens(Map.of(sha256(token), new Token(new Principal(name, role), null)));
  }

  /** These tokens and one more (the demo's viewer beside its admin). */
  public ApiTokens plus(String name, Role role, String token) {
    Map<String, Token> more = new LinkedHashMap<>(byHash);
    if (more.put(sha256(token), new Token(new Principal(name, role), null)) != null) {
      throw new IllegalArgumentException("the same token is given twice");
    }
    return new ApiTokens(more);
  }

  /** A new random token: 32 bytes, URL-safe base64. */
  public static String newToken() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Reads a tokens file (format above); every error names the entry. */
  public static ApiTokens load(Path file) {
    return YamlFields.load(file, (text, base) -> parse(text));
  }

  /** Parses a tokens file's text (format above). */
  public static ApiTokens parse(String text) {
    Map<String, Object> top = YamlFields.topLevel(text, Set.of("tokens"));
    List<Map<String, Object>> entries = YamlFields.mappings(top, "tokens", "", ENTRY_KEYS,
        "- {name: noc-ana, role: operator, sites: [edge-1], expires: 2027-03-31T00:00:00Z, sha256: <hex>}");
    Map<String, Token> byHash = new LinkedHashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      String at = "tokens[" + i + "].";
      Map<String, Object> e = entries.get(i);
      String name = YamlFields.string(e, "name", at, null);
      String hash = YamlFields.string(e, "sha256", at, null);
      String role = YamlFields.choice(e, "role", at, null, "viewer", "operator", "admin", "writer");
      List<String> sites = YamlFields.list(e, "sites", at);
      Instant expires = e.containsKey("expires") ? YamlFields.instant(e, "expires", at) : null;
      if (name == null || hash == null || role == null) {
        throw new ConfigException("tokens[" + i + "]: name, role and sha256 are required");
      }
      hash = hash.strip().toLowerCase(Locale.ROOT);
      if (!hash.matches("[0-9a-f]{64}")) {
        throw new ConfigException(at + "sha256: must be the 64 hex digits of the token's SHA-256 "
            + "(printf %s TOKEN | sha256sum), not the token itself");
      }
      if (sites != null && sites.isEmpty()) {
        throw new ConfigException(at + "sites: an empty list would open no site; leave it out for every site");
      }
      Principal who = new Principal(name, Role.valueOf(role.toUpperCase(Locale.ROOT)),
          sites == null ? Set.of() : Set.copyOf(sites));
      if (byHash.put(hash, new Token(who, expires)) != null) {
        throw new ConfigException(at + "sha256: the same token is listed twice");
      }
    }
    return new ApiTokens(byHash);
  }

  public static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
