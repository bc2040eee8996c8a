package io.sextant.collector.source.bgp;

import java.time.Duration;

/**
 * RFC 2439 route flap damping figures, as a watch (Sextant never suppresses a route itself): each
 * flap adds {@code penalty}; the sum halves every {@code halfLife}; reaching {@code suppress}
 * makes the route or session "suppressed" until it has decayed below {@code reuse}. The penalty
 * never exceeds {@link #ceiling()}, so a long flapping episode is reusable at most {@code
 * maxSuppress} after it stops. Defaults are RFC 2439's and Cisco's: 1000 a flap, 15 min, 2000,
 * 750, 60 min; a lab gives seconds.
 */
public record Dampening(double penalty, Duration halfLife, double suppress, double reuse, Duration maxSuppress) {
  public static final double DEFAULT_PENALTY = 1000;
  public static final Duration DEFAULT_HALF_LIFE = Duration.ofMinutes(15);
  public static final double DEFAULT_SUPPRESS = 2000;
  public static final double DEFAULT_REUSE = 750;
  public static final Duration DEFAULT_MAX_SUPPRESS = Duration.ofMinutes(60);
  public static final Dampening DEFAULT = new Dampening(DEFAULT_PENALTY, DEFAULT_HALF_LIFE, DEFAULT_SUPPRESS,
      DEFAULT_REUSE, DEFAULT_MAX_SUPPRESS);

  public Dampening {
    if (!(penalty > 0)) {
      throw new IllegalArgumentException("penalty: must be above 0, got " + penalty);
    }
    if (halfLife == null || halfLife.isZero() || halfLife.isNegative()) {
      throw new IllegalArgumentException("half-life: must be a positive duration, got " + halfLife);
    }
    if (!(reuse > 0) || !(reuse < suppress)) {
      throw new IllegalArgumentException("reuse: must be above 0 and below suppress (" + suppress + "), got " + reuse);
    }
    if (maxSuppress == null || maxSuppress.compareTo(halfLife) < 0) {
      throw new IllegalArgumentException("max-suppress: must be at least the half-life (" + halfLife + "), got "
          + maxSuppress);
    }
  }

  /** The highest penalty kept: the one that decays to {@code reuse} in exactly {@code maxSuppress}. */
  public double ceiling() {
    return reuse * Math.pow(2, (double) maxSuppress.toMillis() / halfLife.toMillis());
  }

  /** {@code value} after {@code elapsedMillis} of exponential decay. */
  double decay(double value, long elapsedMillis) {
    return elapsedMillis <= 0 ? value : value * Math.pow(0.5, (double) elapsedMillis / halfLife.toMillis());
  }
}
