package io.sextant.actuator.hook;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * One remediation hook, as configured under {@code actuators.hooks.<name>}.
 *
 * @param secretFile the Standard Webhooks secret ({@code whsec_...}), read at start, never logged
 * @param trust PEM certificates that sign the hook's TLS certificate (null: the JVM's trust store)
 * @param timeout one attempt's limit, connect to answer
 * @param retries further attempts after a timeout, a refused connection or a 5xx (none after a 4xx)
 * @param backoff the wait before the first retry, doubled each time
 */
public record HookSettings(String name, URI url, Path secretFile, Path trust, Duration timeout, int retries,
    Duration backoff) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  public static final int DEFAULT_RETRIES = 3;
  public static final Duration DEFAULT_BACKOFF = Duration.ofMillis(500);

  public HookSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(secretFile, "secret-file");
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
      throw new IllegalArgumentException("url must be http:// or https://, got " + url);
    }
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    backoff = backoff == null ? DEFAULT_BACKOFF : backoff;
    if (timeout.isNegative() || timeout.isZero() || retries < 0 || backoff.isNegative()) {
      throw new IllegalArgumentException("timeout must be positive, retries and backoff not negative");
    }
  }
}
