package io.sextant.pulsar.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jwts;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.pulsar.broker.authentication.utils.AuthTokenUtils;
import org.junit.jupiter.api.Test;

/** The JDK-made tokens are what the broker's own token code accepts, and only with the right key. */
class TokensTest {
  static final byte[] KEY = "sextant-test-secret-key-of-32-bytes!".getBytes(StandardCharsets.UTF_8);

  @Test
  void theBrokersParserReadsTheRoleOfAJdkMadeToken() {
    String token = Tokens.create(KEY, "edge-site-1");
    Claims claims = Jwts.parserBuilder().setSigningKey(AuthTokenUtils.decodeSecretKey(KEY)).build()
        .parseClaimsJws(token).getBody();
    assertThat(claims.getSubject()).isEqualTo("edge-site-1");
  }

  @Test
  void aTokenSignedWithAnotherKeyIsRejectedByTheBrokersParser() {
    byte[] other = Arrays.copyOf(KEY, KEY.length);
    other[0] ^= 1;
    String token = Tokens.create(other, "edge-site-1");
    assertThatThrownBy(() -> Jwts.parserBuilder().setSigningKey(AuthTokenUtils.decodeSecretKey(KEY)).build()
        .parseClaimsJws(token)).hasMessageContaining("signature");
  }

  @Test
  void shortKeysAndOddRolesAreRefused() {
    assertThatThrownBy(() -> Tokens.create(new byte[16], "r")).hasMessageContaining("secretKey");
    assertThatThrownBy(() -> Tokens.create(KEY, "a\"b")).hasMessageContaining("role");
  }
}
