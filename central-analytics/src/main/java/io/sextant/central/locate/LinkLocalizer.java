package io.sextant.central.locate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Infers which links drop packets from the loss measured on paths that share them (binary
 * network tomography with a greedy, Occam-style search).
 *
 * <p><b>Additive loss.</b> With {@code T(x) = -ln(1 - x)}, a path's loss is the sum of its
 * links' losses: {@code T(path) = Σ T(link)}. Each path's <i>excess</i> is {@code max(0,
 * T(observed) - T(baseline))}, the loss it shows beyond normal.
 *
 * <p><b>Bad paths.</b> A path is bad when its lost probes are beyond noise, that is less likely
 * under its baseline loss than a {@code k}-sigma event (the exact binomial tail at the path's own
 * probe count: a live window has 20 probes, the simulated cloud's 200), and its excess either
 * reaches {@code minExcess} or the edge detector flags the path. The measured excess is
 * what counts: detection at different sites lands at different times, so a path on a lossy link
 * may not be flagged yet while its measurement already shows the loss.
 *
 * <p><b>Greedy search.</b> Each round, every link on a bad path is a candidate:
 * <ul>
 *   <li>its estimated excess {@code e} is the median excess of its bad paths (robust to a path
 *       that also crosses a second lossy link);
 *   <li>its <i>consistency</i> is the fraction of all its paths, flagged or not, whose observation
 *       is more likely if the path carries {@code e} on top of what is already explained than if
 *       it does not (the binomial likelihood boundary, {@link LossMath#likelihoodBoundary}). A
 *       clean path exonerates a link only as strongly as its probe count allows, and a single
 *       noisy or late path lowers the consistency instead of clearing the link;
 *   <li>its score is {@code coverage × consistency}, coverage being its number of bad paths.
 * </ul>
 * The best candidate with consistency ≥ {@code minConsistency} and {@code e ≥ minExcess} is
 * blamed, {@code e} is subtracted from every path it crosses, and the search repeats for further
 * simultaneous faults. It stops when no bad path is left, no candidate passes the thresholds, or
 * {@code maxFaults} links are blamed.
 *
 * <p><b>Reporting.</b> Estimated link loss is {@code 1 - exp(-e)}. Links crossed by exactly the
 * same paths are indistinguishable from path measurements: they are reported together, the
 * smallest id as the finding and the others as alternatives. Confidence is {@code consistency ×
 * s / (m·s + r)}, with {@code s} the winner's score, {@code m} the size of its indistinguishable
 * group and {@code r} the score of the best candidate crossed by a different set of paths: the
 * winner's share of the plausible explanations, so a close runner-up or alternatives lower it.
 *
 * <p><b>Limit.</b> When two lossy links' paths together are exactly the paths of a third link
 * and the two losses are alike, the single link is the simpler, equally good explanation and is
 * blamed instead; the two true links then score as strong runners-up, so its confidence is low.
 *
 * <p>Stateless and thread-safe; one call sees one round of evidence and keeps nothing.
 */
public final class LinkLocalizer {
  private final LocalizerSettings settings;

  public LinkLocalizer() {
    this(LocalizerSettings.defaults());
  }

  public LinkLocalizer(LocalizerSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * The links to blame for the loss in {@code evidence}, in the order found (strongest first).
   * Empty when no path is bad or nothing explains the bad paths well enough.
   *
   * @throws IllegalArgumentException when two evidence entries share a path id
   */
  public List<LinkFinding> locate(List<PathEvidence> evidence) {
    Map<String, List<PathState>> pathsByLink = pathsByLink(evidence);
    Map<Set<String>, List<String>> groups = groupsBySamePaths(pathsByLink);
    List<LinkFinding> findings = new ArrayList<>();
    while (findings.size() < settings.maxFaults()) {
      List<Candidate> candidates = candidates(pathsByLink);
      Candidate best = candidates.stream()
          .filter(c -> c.eligible(settings)).min(Candidate.BEST_FIRST).orElse(null);
      if (best == null) {
        break;
      }
      Set<String> bestPaths = pathIds(best.paths());
      double runnerUp = candidates.stream()
          .filter(c -> !pathIds(c.paths()).equals(bestPaths))
          .mapToDouble(Candidate::score).max().orElse(0);
      List<String> group = groups.get(bestPaths);
      double confidence = best.consistency() * best.score() / (group.size() * best.score() + runnerUp);
      findings.add(new LinkFinding(
          best.linkId(),
          LossMath.loss(best.estimateT()),
          confidence,
          best.bad().stream().map(PathState::id).toList(),
          group.stream().filter(l -> !l.equals(best.linkId())).toList()));
      best.paths().forEach(p -> p.explain(best.estimateT()));
    }
    return List.copyOf(findings);
  }

  /** Every link on a currently bad path, evaluated against the residual loss. */
  private List<Candidate> candidates(Map<String, List<PathState>> pathsByLink) {
    List<Candidate> candidates = new ArrayList<>();
    pathsByLink.forEach((link, paths) -> {
      List<PathState> bad = paths.stream().filter(p -> p.bad(settings)).toList();
      if (!bad.isEmpty()) {
        candidates.add(Candidate.of(link, paths, bad));
      }
    });
    return candidates;
  }

  private static Map<String, List<PathState>> pathsByLink(List<PathEvidence> evidence) {
    Set<String> seen = new HashSet<>();
    Map<String, List<PathState>> byLink = new TreeMap<>();
    for (PathEvidence e : evidence) {
      if (!seen.add(e.pathId())) {
        throw new IllegalArgumentException("evidence: path " + e.pathId() + " appears more than once");
      }
      PathState state = new PathState(e);
      // Routes are loop-free, so a link appears once per path; a repeated id is counted once.
      for (String link : new HashSet<>(e.links())) {
        byLink.computeIfAbsent(link, k -> new ArrayList<>()).add(state);
      }
    }
    return byLink;
  }

  /** Links keyed by the set of paths crossing them; links within a group are in id order. */
  private static Map<Set<String>, List<String>> groupsBySamePaths(Map<String, List<PathState>> pathsByLink) {
    Map<Set<String>, List<String>> groups = new HashMap<>();
    pathsByLink.forEach((link, paths) -> groups.computeIfAbsent(pathIds(paths), k -> new ArrayList<>()).add(link));
    return groups;
  }

  private static Set<String> pathIds(List<PathState> paths) {
    Set<String> ids = new HashSet<>();
    paths.forEach(p -> ids.add(p.id()));
    return ids;
  }
}
