package io.sextant.central.locate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

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
   * <p>Cost: one pass over the path-incidence to index it, then per blamed link only the paths it
   * crosses and the links on them are evaluated again (blaming a link changes nothing else), and
   * only links on a bad path are candidates at all. A 1,000-link mesh with 40,000 paths takes a
   * few tens of milliseconds a round (docs/benchmarks-quality.md).
   *
   * @throws IllegalArgumentException when two evidence entries share a path id
   */
  public List<LinkFinding> locate(List<PathEvidence> evidence) {
    Incidence mesh = new Incidence(evidence);
    boolean[] bad = new boolean[mesh.paths.length];
    Set<Integer> dirty = new HashSet<>();
    for (int p = 0; p < bad.length; p++) {
      bad[p] = mesh.paths[p].bad(settings);
      if (bad[p]) {
        for (int l : mesh.linksOf[p]) {
          dirty.add(l);
        }
      }
    }
    Map<Integer, Candidate> candidates = new HashMap<>();
    refresh(mesh, bad, dirty, candidates);
    List<LinkFinding> findings = new ArrayList<>();
    while (findings.size() < settings.maxFaults()) {
      Candidate best = candidates.values().stream()
          .filter(c -> c.eligible(settings)).min(Candidate.BEST_FIRST).orElse(null);
      if (best == null) {
        break;
      }
      int bestLink = mesh.index.get(best.linkId());
      int bestGroup = mesh.group[bestLink];
      double runnerUp = candidates.entrySet().stream()
          .filter(e -> mesh.group[e.getKey()] != bestGroup)
          .mapToDouble(e -> e.getValue().score()).max().orElse(0);
      List<String> group = mesh.groups.get(bestGroup);
      double confidence = best.consistency() * best.score() / (group.size() * best.score() + runnerUp);
      findings.add(new LinkFinding(
          best.linkId(),
          LossMath.loss(best.estimateT()),
          confidence,
          best.bad().stream().map(PathState::id).toList(),
          group.stream().filter(l -> !l.equals(best.linkId())).toList()));
      // Only the blamed link's paths change, so only the links on them need evaluating again.
      dirty.clear();
      for (int p : mesh.pathsOf[bestLink]) {
        mesh.paths[p].explain(best.estimateT());
        bad[p] = mesh.paths[p].bad(settings);
        for (int l : mesh.linksOf[p]) {
          dirty.add(l);
        }
      }
      refresh(mesh, bad, dirty, candidates);
    }
    return List.copyOf(findings);
  }

  /** Re-evaluates the {@code dirty} links against the residual loss: a candidate while on a bad path. */
  private void refresh(Incidence mesh, boolean[] bad, Set<Integer> dirty, Map<Integer, Candidate> candidates) {
    for (int l : dirty) {
      List<PathState> all = new ArrayList<>(mesh.pathsOf[l].length);
      List<PathState> badOnes = new ArrayList<>();
      for (int p : mesh.pathsOf[l]) {
        all.add(mesh.paths[p]);
        if (bad[p]) {
          badOnes.add(mesh.paths[p]);
        }
      }
      if (badOnes.isEmpty()) {
        candidates.remove(l);
      } else {
        candidates.put(l, Candidate.of(mesh.links.get(l), all, badOnes));
      }
    }
  }

  /**
   * One round's path-incidence, by index: the paths (in evidence order), the links (in id
   * order), the paths of each link, the links of each path, and the groups of links crossed by
   * exactly the same paths (their links in id order).
   */
  private static final class Incidence {
    final PathState[] paths;
    final List<String> links;
    final Map<String, Integer> index = new HashMap<>();
    final int[][] pathsOf;
    final int[][] linksOf;
    final int[] group;
    final List<List<String>> groups = new ArrayList<>();

    Incidence(List<PathEvidence> evidence) {
      Set<String> seen = new HashSet<>();
      Set<String> linkIds = new TreeSet<>();
      for (PathEvidence e : evidence) {
        if (!seen.add(e.pathId())) {
          throw new IllegalArgumentException("evidence: path " + e.pathId() + " appears more than once");
        }
        linkIds.addAll(e.links());
      }
      links = List.copyOf(linkIds);
      for (int i = 0; i < links.size(); i++) {
        index.put(links.get(i), i);
      }
      paths = new PathState[evidence.size()];
      linksOf = new int[evidence.size()][];
      int[] degree = new int[links.size()];
      for (int p = 0; p < paths.length; p++) {
        PathEvidence e = evidence.get(p);
        paths[p] = new PathState(e);
        // Routes are loop-free, so a link appears once per path; a repeated id is counted once.
        linksOf[p] = e.links().stream().distinct().mapToInt(index::get).toArray();
        for (int l : linksOf[p]) {
          degree[l]++;
        }
      }
      pathsOf = new int[links.size()][];
      for (int l = 0; l < pathsOf.length; l++) {
        pathsOf[l] = new int[degree[l]];
      }
      int[] filled = new int[links.size()];
      for (int p = 0; p < paths.length; p++) {
        for (int l : linksOf[p]) {
          pathsOf[l][filled[l]++] = p;
        }
      }
      group = new int[links.size()];
      Map<PathSet, Integer> byPaths = new HashMap<>();
      for (int l = 0; l < pathsOf.length; l++) {
        int g = byPaths.computeIfAbsent(new PathSet(pathsOf[l]), k -> {
          groups.add(new ArrayList<>());
          return groups.size() - 1;
        });
        group[l] = g;
        groups.get(g).add(links.get(l));
      }
    }
  }

  /** A link's paths as a key: the same indices in the same (ascending) order. */
  private record PathSet(int[] paths) {
    @Override
    public boolean equals(Object o) {
      return o instanceof PathSet other && Arrays.equals(paths, other.paths);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(paths);
    }
  }
}
