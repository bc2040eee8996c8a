package io.sextant.pulsar.launcher;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs the JSON web tokens a standalone with token authentication accepts: HS256 over the secret
 * key the standalone was given, subject = the role, no expiry. Written on the JDK (a JWT is three
 * base64url parts and an HMAC) so tests and tools can mint tokens without the broker's class path;
 * {@code TokensTest} checks the broker's own parser accepts them.
 */
public final class Tokens {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private Tokens() {}

  /** A token for {@code role} signed with {@code secretKey} (at least 32 bytes, as HS256 requires). */
  public static String create(byte[] secretKey, String role) {
    if (secretKey == null || secretKey.length < 32) {
      throw new IllegalArgumentException("secretKey: at least 32 bytes (HS256)");
    }
    if (role == null || !role.matches("[A-Za-z0-9._@-]+")) {
      throw new IllegalArgumentException("role: letters, digits and ._@- only, not " + role);
    }
    String header = B64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8));
    String payload = B64.encodeToString(("{\"sub\":\"" + role + "\"}").getBytes(StandardCharsets.UTF_8));
    String signingInput = header + "." + payload;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secretKey, "HmacSHA256"));
      return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK: " + e.getMessage(), e);
    }
  }
}
