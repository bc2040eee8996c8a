package io.sextant.central.rca.eval;

import java.util.List;

/**
 * AC@k is the share of evaluated cases whose root cause is ranked in the first k; Avg@5 the mean
 * of AC@1..AC@5 (the usual microservice RCA figures). Cases that failed on bad input are counted
 * in {@code errors}, not in {@code cases}.
 */
public record Accuracy(double ac1, double ac3, double avg5, int cases, int errors) {
  /** @param ranks 1-based rank of the root cause per evaluated case, 0 when it was not ranked */
  public static Accuracy of(List<Integer> ranks, int errors) {
    if (ranks.isEmpty()) {
      return new Accuracy(0, 0, 0, 0, errors);
    }
    double avg = 0;
    for (int k = 1; k <= 5; k++) {
      avg += at(ranks, k);
    }
    return new Accuracy(at(ranks, 1), at(ranks, 3), avg / 5, ranks.size(), errors);
  }

  private static double at(List<Integer> ranks, int k) {
    return ranks.stream().filter(r -> r >= 1 && r <= k).count() / (double) ranks.size();
  }
}
