package io.sextant.central.locate;

import io.sextant.common.topology.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which links path measurements can single out when up to {@code faults} links are lossy at once.
 * The localizer sees only which paths are lossy, so a link is known by its column of the
 * path-incidence matrix: the set of paths crossing it. A link is <b>identifiable at fault count
 * K</b> when
 * <ol>
 *   <li>some path crosses it ({@link Reason#UNOBSERVED} otherwise);
 *   <li>no other link is crossed by exactly the same paths ({@link Reason#SAME_PATHS}: a site's
 *       only access link and its router's only uplink, or the two halves of a chain);
 *   <li>its paths are not exactly the paths of at most K other links together
 *       ({@link Reason#UNION_OF_OTHERS}: those links lossy at once look like it);
 *   <li>it is not one of at most K links whose paths together are exactly another link's
 *       ({@link Reason#PART_OF_UNION}: lossy at once they look like that one link, which the
 *       localizer then blames, the simpler explanation).
 * </ol>
 * Conditions 3 and 4 are exact covers; each is searched by branching on the links of one path
 * not yet covered (any cover must use one of them), so the search is at most (path length)^K
 * steps per link. The criterion is per link: it does not rule out two different fault sets of
 * several identifiable links with the same union of paths, which needs every pair of sets.
 */
public final class Identifiability {
  /** Why a link is not identifiable; the first condition that fails. */
  public enum Reason { UNOBSERVED, SAME_PATHS, UNION_OF_OTHERS, PART_OF_UNION }

  /** The verdict for every link: identifiable ones map to {@code null}. */
  private final Map<String, Reason> verdicts;

  private Identifiability(Map<String, Reason> verdicts) {
    this.verdicts = verdicts;
  }

  /** Judges every link in {@code links} over the probe {@code paths} at fault count {@code faults}. */
  public static Identifiability of(Collection<String> links, List<Path> paths, int faults) {
    if (faults < 1) {
      throw new IllegalArgumentException("faults must be >= 1, got " + faults);
    }
    Matrix m = new Matrix(links, paths);
    Map<String, Reason> verdicts = new LinkedHashMap<>();
    Map<BitSet, Integer> sameColumn = new HashMap<>();
    for (int l = 0; l < m.links.size(); l++) {
      sameColumn.merge(m.columns[l], 1, Integer::sum);
    }
    for (int l = 0; l < m.links.size(); l++) {
      Reason reason = null;
      if (m.columns[l].isEmpty()) {
        reason = Reason.UNOBSERVED;
      } else if (sameColumn.get(m.columns[l]) > 1) {
        reason = Reason.SAME_PATHS;
      } else if (m.coverable(m.columns[l], new BitSet(), faults, Set.of(l))) {
        reason = Reason.UNION_OF_OTHERS;
      } else if (faults > 1 && m.partOfUnion(l, faults)) {
        reason = Reason.PART_OF_UNION;
      }
      verdicts.put(m.links.get(l), reason);
    }
    return new Identifiability(verdicts);
  }

  public boolean identifiable(String link) {
    return verdicts.containsKey(link) && verdicts.get(link) == null;
  }

  /** The identifiable links, in the order given. */
  public List<String> identifiableLinks() {
    List<String> out = new ArrayList<>();
    verdicts.forEach((l, r) -> {
      if (r == null) {
        out.add(l);
      }
    });
    return out;
  }

  /** How many links fail for each reason. */
  public Map<Reason, Integer> counts() {
    Map<Reason, Integer> counts = new LinkedHashMap<>();
    for (Reason r : Reason.values()) {
      counts.put(r, 0);
    }
    verdicts.values().forEach(r -> {
      if (r != null) {
        counts.merge(r, 1, Integer::sum);
      }
    });
    return counts;
  }

  /** The path-incidence matrix by columns (a bit per path), and each path's links by index. */
  private static final class Matrix {
    final List<String> links;
    final BitSet[] columns;
    final int[][] linksOnPath;

    Matrix(Collection<String> linkIds, List<Path> paths) {
      links = List.copyOf(linkIds);
      Map<String, Integer> index = new HashMap<>();
      for (int i = 0; i < links.size(); i++) {
        index.put(links.get(i), i);
      }
      columns = new BitSet[links.size()];
      for (int i = 0; i < columns.length; i++) {
        columns[i] = new BitSet(paths.size());
      }
      linksOnPath = new int[paths.size()][];
      for (int p = 0; p < paths.size(); p++) {
        linksOnPath[p] = paths.get(p).links().stream().distinct().filter(index::containsKey)
            .mapToInt(index::get).toArray();
        for (int l : linksOnPath[p]) {
          columns[l].set(p);
        }
      }
    }

    /**
     * Whether {@code target} minus {@code covered} is exactly covered by at most {@code k} links
     * outside {@code excluded} whose columns lie within {@code target}.
     */
    boolean coverable(BitSet target, BitSet covered, int k, Set<Integer> excluded) {
      int p = nextUncovered(target, covered);
      if (p < 0) {
        return true;
      }
      if (k == 0) {
        return false;
      }
      for (int j : linksOnPath[p]) {
        if (excluded.contains(j) || !within(columns[j], target)) {
          continue;
        }
        BitSet next = (BitSet) covered.clone();
        next.or(columns[j]);
        if (coverable(target, next, k - 1, union(excluded, j))) {
          return true;
        }
      }
      return false;
    }

    /**
     * Whether some other link's paths are exactly link {@code l}'s plus those of at most
     * {@code k - 1} further links. Such a link crosses every path of {@code l}, so it is on the
     * first of them.
     */
    boolean partOfUnion(int l, int k) {
      int first = columns[l].nextSetBit(0);
      for (int m : linksOnPath[first]) {
        if (m == l || !within(columns[l], columns[m]) || columns[m].equals(columns[l])) {
          continue;
        }
        if (coverable(columns[m], (BitSet) columns[l].clone(), k - 1, Set.of(l, m))) {
          return true;
        }
      }
      return false;
    }

    private static int nextUncovered(BitSet target, BitSet covered) {
      for (int p = target.nextSetBit(0); p >= 0; p = target.nextSetBit(p + 1)) {
        if (!covered.get(p)) {
          return p;
        }
      }
      return -1;
    }

    /** {@code a ⊆ b}. */
    private static boolean within(BitSet a, BitSet b) {
      BitSet rest = (BitSet) a.clone();
      rest.andNot(b);
      return rest.isEmpty();
    }

    private static Set<Integer> union(Set<Integer> set, int extra) {
      Set<Integer> out = new java.util.HashSet<>(set);
      out.add(extra);
      return out;
    }
  }
}
