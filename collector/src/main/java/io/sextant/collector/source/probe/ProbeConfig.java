package io.sextant.collector.source.probe;

import java.time.Duration;

/**
 * How hard to probe: {@code probes} datagrams per peer per window, one every {@code interval}
 * (probes to different peers go out interleaved), then up to {@code timeout} after the last send
 * for the replies; a later reply counts as lost. TCP connects time out after {@code timeout} too.
 */
public record ProbeConfig(int probes, Duration interval, Duration timeout) {
  public static final ProbeConfig DEFAULT = new ProbeConfig(20, Duration.ofMillis(50), Duration.ofSeconds(1));

  public ProbeConfig {
    if (probes < 2) {
      throw new IllegalArgumentException("probes must be at least 2 (jitter needs two), got " + probes);
    }
    if (interval.isNegative() || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("interval must be >= 0 and timeout > 0");
    }
  }
}
