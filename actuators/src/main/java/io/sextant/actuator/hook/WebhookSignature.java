package io.sextant.actuator.hook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures: {@code webhook-signature: v1,<base64 HMAC-SHA256 of
 * "id.timestamp.body">} under a secret written {@code whsec_<base64 key>} (the prefix optional), the
 * same for the hooks Sextant calls and the callbacks it receives. Verification compares in constant
 * time, accepts any of several space-separated signatures (key rotation), and refuses a timestamp
 * more than {@link #TOLERANCE} away from now.
 */
public final class WebhookSignature {
  public static final String ID = "webhook-id";
  public static final String TIMESTAMP = "webhook-timestamp";
  public static final String SIGNATURE = "webhook-signature";
  /** As the reference implementations: a delivery older or newer than this is refused (replay window). */
  public static final Duration TOLERANCE = Duration.ofMinutes(5);
  private static final String PREFIX = "whsec_";

  private final byte[] key;

  private WebhookSignature(byte[] key) {
    if (key.length == 0) {
      throw new IllegalArgumentException("the webhook secret is empty");
    }
    this.key = key;
  }

  /** From the secret's text ({@code whsec_} + base64, as the reference packages write it). */
  public static WebhookSignature ofSecret(String secret) {
    String s = secret.strip();
    if (s.startsWith(PREFIX)) {
      s = s.substring(PREFIX.length());
    }
    try {
      return new WebhookSignature(Base64.getDecoder().decode(s));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the webhook secret must be whsec_ followed by base64");
    }
  }

  /** {@code v1,<base64>} for one delivery. */
  public String sign(String id, Instant timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((id + "." + timestamp.getEpochSecond() + ".").getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  /**
   * Why a delivery is refused, or empty when its headers sign {@code body} under this secret at a
   * time within the tolerance of {@code now}. Null headers are missing headers.
   */
  public Optional<String> refusal(String id, String timestamp, String signatures, byte[] body, Instant now) {
    if (id == null || timestamp == null || signatures == null) {
      return Optional.of("unsigned: " + ID + ", " + TIMESTAMP + " and " + SIGNATURE + " are required");
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.strip());
    } catch (NumberFormatException e) {
      return Optional.of("bad " + TIMESTAMP + " '" + timestamp + "'");
    }
    Instant at = Instant.ofEpochSecond(seconds);
    if (Duration.between(at, now).abs().compareTo(TOLERANCE) > 0) {
      return Optional.of("stale: " + TIMESTAMP + " " + at + " is more than " + TOLERANCE.toMinutes()
          + " min from now");
    }
    byte[] expected = sign(id, at, body).getBytes(StandardCharsets.UTF_8);
    for (String candidate : signatures.strip().split(" ")) {
      if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.UTF_8))) {
        return Optional.empty();
      }
    }
    return Optional.of("bad signature: no " + SIGNATURE + " matches the body under the configured secret");
  }
}
