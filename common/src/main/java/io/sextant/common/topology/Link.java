package io.sextant.common.topology;

import java.util.Objects;

/**
 * An inter-cloud link between two endpoints (a site's gateway or a backbone router). Links are
 * undirected; {@code cost} is the routing metric, lower preferred.
 */
public record Link(String id, String a, String b, double latencyMs, int cost) {
  public Link {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    if (a.equals(b) || latencyMs < 0 || cost <= 0) {
      throw new IllegalArgumentException("link " + id + ": needs two distinct ends, latency >= 0, cost > 0");
    }
  }

  public static String idOf(String a, String b) {
    return a.compareTo(b) < 0 ? a + "~" + b : b + "~" + a;
  }

  public String other(String end) {
    if (end.equals(a)) {
      return b;
    }
    if (end.equals(b)) {
      return a;
    }
    throw new IllegalArgumentException(end + " is not an end of link " + id);
  }

  public String resource() {
    return "link:" + id;
  }
}
