package io.sextant.collector.source.probe;

import java.util.Arrays;

/**
 * One window's result for one peer. RTT is the mean of the answered probes; jitter is the mean
 * absolute difference of the RTTs of consecutive answered probes (RFC 3550's idea without its
 * smoothing, which needs a stream). Both are NaN when fewer than one (two) probes came back.
 */
public record PeerStats(String peer, int sent, int received, double rttMs, double jitterMs) {
  public double loss() {
    return (double) (sent - received) / sent;
  }

  /** {@code rttNanos[seq]} is the RTT of probe seq, or a negative value when it was lost. */
  static PeerStats of(String peer, long[] rttNanos) {
    int received = 0;
    double sum = 0;
    double diffs = 0;
    int pairs = 0;
    double prev = Double.NaN;
    for (long r : rttNanos) {
      if (r < 0) {
        continue;
      }
      double ms = r / 1e6;
      received++;
      sum += ms;
      if (!Double.isNaN(prev)) {
        diffs += Math.abs(ms - prev);
        pairs++;
      }
      prev = ms;
    }
    return new PeerStats(peer, rttNanos.length, received, received == 0 ? Double.NaN : sum / received,
        pairs == 0 ? Double.NaN : diffs / pairs);
  }

  @Override
  public String toString() {
    return peer + ": " + received + "/" + sent + " rtt " + rttMs + " ms jitter " + jitterMs + " ms";
  }

  static long[] lostAll(int n) {
    long[] a = new long[n];
    Arrays.fill(a, -1);
    return a;
  }
}
