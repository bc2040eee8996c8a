package io.sextant.collector.policy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces the values of named labels by a keyed hash before they leave the site.
 *
 * <p>Hashed, not removed: two series that differ only in a redacted label (say two subscribers)
 * must stay two series centrally, or their points would interleave under one series id and the
 * store's idempotent writes would keep one value per instant and drop the other. The hash is
 * HMAC-SHA256 under a secret key that never leaves the site, so the centre cannot recover a value
 * by hashing candidates (a plain hash of an IMSI or an IP address is easy to reverse by
 * enumeration), while the same value always gives the same token, so series ids stay stable
 * across windows and restarts. Tokens are {@code h_} + 16 hex digits (64 bits).
 *
 * <p>Not thread-safe (the MAC and the cache): the engine calls it under its window lock (the
 * window thread, and audit events from any thread).
 */
final class LabelRedactor {
  static final String PREFIX = "h_";
  private static final int CACHE = 50_000;

  private final Mac mac;
  private final Map<String, String> cache = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > CACHE;
    }
  };
  private volatile long redacted; // one writer (the window thread), read by /metrics

  LabelRedactor(byte[] key) {
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  /** The labels with each of {@code names} present replaced by its token; the same map when none is present. */
  Map<String, String> redact(Map<String, String> labels, List<String> names) {
    TreeMap<String, String> out = null;
    for (String name : names) {
      String v = labels.get(name);
      if (v == null) {
        continue;
      }
      if (out == null) {
        out = new TreeMap<>(labels);
      }
      out.put(name, token(name, v));
      redacted++;
    }
    return out == null ? labels : out;
  }

  /** The token of one label value; the name is hashed too, so equal values of two labels differ. */
  String token(String name, String value) {
    String k = name + '\u0000' + value;
    String t = cache.get(k);
    if (t == null) {
      byte[] h = mac.doFinal(k.getBytes(StandardCharsets.UTF_8));
      StringBuilder sb = new StringBuilder(PREFIX.length() + 16).append(PREFIX);
      for (int i = 0; i < 8; i++) {
        sb.append(Character.forDigit((h[i] >> 4) & 0xf, 16)).append(Character.forDigit(h[i] & 0xf, 16));
      }
      t = sb.toString();
      cache.put(k, t);
    }
    return t;
  }

  /** Label values replaced so far. */
  long redacted() {
    return redacted;
  }
}
