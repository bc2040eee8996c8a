package io.sextant.bus.pulsar.standalone;

import org.apache.pulsar.broker.authentication.utils.AuthTokenUtils;

/** Signs the JSON web tokens a standalone with token authentication accepts. */
public final class Tokens {
  private Tokens() {}

  /** A token without expiry for {@code role}, signed with the HMAC {@code secretKey} (HS256). */
  public static String create(byte[] secretKey, String role) {
    return AuthTokenUtils.createToken(AuthTokenUtils.decodeSecretKey(secretKey), role, java.util.Optional.empty());
  }
}
