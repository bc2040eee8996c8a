package io.sextant.collector.source.bgp;

/**
 * The flap penalty of one session or prefix: a figure of merit that decays continuously, read
 * at any time. Times are the caller's clock in milliseconds; a time earlier than the last one
 * counts as no elapsed time. Not thread-safe: the BGP source guards it.
 */
final class FlapPenalty {
  private final Dampening d;
  private double value;
  private long at;
  private boolean suppressed;
  private long flaps;
  private double peak;

  FlapPenalty(Dampening d, long nowMillis) {
    this.d = d;
    this.at = nowMillis;
  }

  /** Adds {@code count} flaps seen at {@code nowMillis}. */
  void flap(int count, long nowMillis) {
    if (count <= 0) {
      return;
    }
    advance(nowMillis);
    value = Math.min(d.ceiling(), value + count * d.penalty());
    peak = Math.max(peak, value);
    flaps += count;
    suppressed |= value >= d.suppress();
  }

  /** The penalty at {@code nowMillis}. */
  double value(long nowMillis) {
    advance(nowMillis);
    return value;
  }

  /**
   * The highest penalty since the last call: a window's sample must show that the penalty reached
   * suppress right after a flap, even when it has decayed below by the window's end (a half-life of
   * seconds against a window of a second).
   */
  double peak(long nowMillis) {
    advance(nowMillis);
    double p = Math.max(peak, value);
    peak = value;
    return p;
  }

  /** Suppressed from reaching {@code suppress} until decayed below {@code reuse} (hysteresis). */
  boolean suppressed(long nowMillis) {
    advance(nowMillis);
    return suppressed;
  }

  long flaps() {
    return flaps;
  }

  private void advance(long nowMillis) {
    if (nowMillis > at) {
      value = d.decay(value, nowMillis - at);
      at = nowMillis;
      if (value < d.reuse()) {
        suppressed = false;
      }
    }
  }
}
