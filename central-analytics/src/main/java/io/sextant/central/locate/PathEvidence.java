package io.sextant.central.locate;

import java.util.List;
import java.util.Objects;

/**
 * What central knows about one probe path in one localization round.
 *
 * @param pathId stable path id ({@code src>dst})
 * @param links the links the probes crossed, in order, as routed when they were measured (a
 *     reroute changes them, so they come with the measurement rather than from the topology)
 * @param observedLoss mean loss ratio over the last few windows, in [0, 1]
 * @param baselineLoss the path's normal loss ratio (from history), in [0, 1)
 * @param anomalous whether the edge detector is currently firing on this path
 * @param probes packets behind {@code observedLoss}; sets the binomial noise of the observation
 */
public record PathEvidence(
    String pathId,
    List<String> links,
    double observedLoss,
    double baselineLoss,
    boolean anomalous,
    int probes) {

  public PathEvidence {
    Objects.requireNonNull(pathId, "pathId");
    Objects.requireNonNull(links, "links");
    links = List.copyOf(links);
    if (links.isEmpty()) {
      throw new IllegalArgumentException("path " + pathId + ": links must not be empty");
    }
    if (!(observedLoss >= 0 && observedLoss <= 1)) {
      throw new IllegalArgumentException("path " + pathId + ": observedLoss must be in [0,1], got " + observedLoss);
    }
    if (!(baselineLoss >= 0 && baselineLoss < 1)) {
      throw new IllegalArgumentException("path " + pathId + ": baselineLoss must be in [0,1), got " + baselineLoss);
    }
    if (probes <= 0) {
      throw new IllegalArgumentException("path " + pathId + ": probes must be > 0, got " + probes);
    }
  }

  public boolean crosses(String linkId) {
    return links.contains(linkId);
  }
}
