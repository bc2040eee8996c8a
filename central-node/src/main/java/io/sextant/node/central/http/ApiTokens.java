package io.sextant.node.central.http;

import io.sextant.common.config.ConfigException;
import io.sextant.common.config.YamlFields;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who may call the centre's HTTP port: bearer tokens with a role, kept as SHA-256 hashes only (a
 * stolen tokens file opens nothing). {@link #OPEN} is a port without tokens, as before any are
 * configured.
 *
 * <pre>
 * tokens:
 *   - {name: noc-ana, role: operator, sha256: 9f86d0...}   # sha256 of the token, in hex
 * </pre>
 */
public final class ApiTokens {
  /** What a token may do: each role may do what the ones before it may. */
  public enum Role {
    /** Read alarms, silences, views and metrics. */
    VIEWER,
    /** Also acknowledge, clear, comment, silence, approve and deny, send alerts. */
    OPERATOR,
    /** Also the safety switches (dry run, pause, freezes). */
    ADMIN
  }

  /** The caller a token names. */
  public record Principal(String name, Role role) {}

  public static final ApiTokens OPEN = new ApiTokens(Map.of());

  private static final Set<String> ENTRY_KEYS = Set.of("name", "role", "sha256");
  private final Map<String, Principal> byHash;

  private ApiTokens(Map<String, Principal> byHash) {
    this.byHash = Map.copyOf(byHash);
  }

  /** True when no token is configured: the port takes every call. */
  public boolean open() {
    return byHash.isEmpty();
  }

  public Optional<Principal> find(String token) {
    return Optional.ofNullable(byHash.get(sha256(token)));
  }

  /** One token, for a port started by the CLI itself (the demo's {@code --serve}). */
  public static ApiTokens single(String name, Role role, String token) {
    return new ApiTokens(Map.of(sha256(token), new Principal(name, role)));
  }

  /** These tokens and one more (the demo's viewer beside its admin). */
  public ApiTokens plus(String name, Role role, String token) {
    Map<String, Principal> more = new LinkedHashMap<>(byHash);
    if (more.put(sha256(token), new Principal(name, role)) != null) {
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

  static ApiTokens parse(String text) {
    Map<String, Object> top = YamlFields.topLevel(text, Set.of("tokens"));
    List<Map<String, Object>> entries = YamlFields.mappings(top, "tokens", "", ENTRY_KEYS,
        "- {name: noc-ana, role: operator, sha256: <hex>}");
    Map<String, Principal> byHash = new LinkedHashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      String at = "tokens[" + i + "].";
      Map<String, Object> e = entries.get(i);
      String name = YamlFields.string(e, "name", at, null);
      String hash = YamlFields.string(e, "sha256", at, null);
      String role = YamlFields.choice(e, "role", at, null, "viewer", "operator", "admin");
      if (name == null || hash == null || role == null) {
        throw new ConfigException("tokens[" + i + "]: name, role and sha256 are required");
      }
      hash = hash.strip().toLowerCase(Locale.ROOT);
      if (!hash.matches("[0-9a-f]{64}")) {
        throw new ConfigException(at + "sha256: must be the 64 hex digits of the token's SHA-256 "
            + "(printf %s TOKEN | sha256sum), not the token itself");
      }
      if (byHash.put(hash, new Principal(name, Role.valueOf(role.toUpperCase(Locale.ROOT)))) != null) {
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
