package io.sextant.central.rca;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ranks the components that can cause a symptom. Two kinds of evidence, after the public
 * microservice RCA work (BARO's robust scoring against the normal period, the "most upstream
 * anomalous component" of graph-based methods):
 * <ol>
 *   <li><b>Metrics.</b> Each metric of each candidate is scored by its robust z-score against the
 *       normal period ({@link Baseline}), over the incident window; a component's anomaly is its
 *       strongest metric. The window's k-th strongest point is taken ({@link Settings}), not the
 *       single highest, so one spike in a noisy series does not look like a fault.</li>
 *   <li><b>The graph.</b> A fault travels from a dependency to its callers (a slow database makes
 *       its callers slow), so an anomalous component with an anomalous dependency is likely a
 *       victim: it is "explained" by that dependency when the dependency's anomaly is at least
 *       {@link Settings#threshold} and at least {@link Settings#explainRatio} of its own, counting only
 *       the dependency's rises on a metric that also rose in the caller (a dependency whose load fell
 *       because its caller slowed down explains nothing, nor one whose memory crept while its
 *       caller's CPU was hogged). A fall counts half in a component's anomaly (see {@link #strength}). Frontier
 *       components (anomalous, explained by none) rank first, then explained ones, then the rest,
 *       each group by anomaly.</li>
 * </ol>
 * Deterministic: ties fall to the component name.
 */
public final class RootCauseRanker {
  /**
   * Tuning; defaults chosen on generated scenarios of seeds 1–5 only (docs/benchmarks-quality.md).
   * A column's score is its k-th strongest point in the window, k = max({@code sustain},
   * {@code sustainShare} × the window's points): a fault lasts, a burst does not.
   */
  public record Settings(Duration lookback, double threshold, double explainRatio, int sustain, double sustainShare,
      int evidencePerCandidate) {
    /** How far before the symptom's time the incident window starts: a root usually strays before its victims alarm. */
    public static final Duration DEFAULT_LOOKBACK = Duration.ofMinutes(10);
    /** Anomaly (robust z) above which a component counts as deviating. */
    public static final double DEFAULT_THRESHOLD = 5.0;
    public static final double DEFAULT_EXPLAIN_RATIO = 0.25;
    public static final int DEFAULT_SUSTAIN = 3;
    /** A long window can hold several lone bursts in one series: k grows with it. */
    public static final double DEFAULT_SUSTAIN_SHARE = 0.1;
    public static final int DEFAULT_EVIDENCE = 3;

    public Settings {
      if (lookback.isNegative() || threshold <= 0 || explainRatio < 0 || sustain < 1 || sustainShare < 0 || sustainShare >= 1
          || evidencePerCandidate < 1) {
        throw new IllegalArgumentException("rca settings out of range: " + lookback + ", " + threshold + ", "
            + explainRatio + ", " + sustain + ", " + sustainShare + ", " + evidencePerCandidate);
      }
    }

    /**
     * Metric evidence alone, no graph: every component ranks by its anomaly (what BARO-style
     * scoring does). The reference the graph's contribution is measured against.
     */
    public Settings withoutGraph() {
      return new Settings(lookback, Double.POSITIVE_INFINITY, explainRatio, sustain, sustainShare, evidencePerCandidate);
    }

    public static Settings defaults() {
      return new Settings(DEFAULT_LOOKBACK, DEFAULT_THRESHOLD, DEFAULT_EXPLAIN_RATIO, DEFAULT_SUSTAIN,
          DEFAULT_SUSTAIN_SHARE, DEFAULT_EVIDENCE);
    }
  }

  /** Weight of a group in the confidences: an explained component keeps a tenth of its weight, a normal one a hundredth. */
  private static final double[] GROUP_WEIGHT = {1.0, 0.1, 0.01};

  static final double FALL_WEIGHT = 0.5;

  private final Settings settings;

  public RootCauseRanker(Settings settings) {
    this.settings = settings;
  }

  /**
   * @param baselines every metric's normal behaviour (see {@link #baselines(MetricFrame)})
   * @param incident the metrics around the incident; rows before {@code symptom.time - lookback} are ignored
   */
  public Ranking rank(DependencyGraph graph, Map<MetricKey, Baseline> baselines, MetricFrame incident, Symptom symptom) {
    Set<String> candidates = graph.candidatesFor(symptom.component());
    Instant from = symptom.time().minus(settings.lookback());
    int first = 0;
    while (first < incident.rows() && incident.times()[first].isBefore(from)) {
      first++;
    }
    if (first == incident.rows()) {
      first = 0; // every row is older than the lookback: the window is all there is
    }
    Map<String, List<Evidence>> byComponent = new HashMap<>();
    for (Map.Entry<MetricKey, double[]> col : incident.columns().entrySet()) {
      if (!candidates.contains(col.getKey().component())) {
        continue;
      }
      Baseline b = baselines.get(col.getKey());
      if (b == null) {
        continue;
      }
      Evidence e = score(col.getKey(), col.getValue(), b, incident.times(), first);
      if (e != null) {
        byComponent.computeIfAbsent(col.getKey().component(), k -> new ArrayList<>()).add(e);
      }
    }
    Map<String, Double> anomaly = new LinkedHashMap<>();
    Map<String, Map<String, Double>> rises = new HashMap<>(); // component → metric name → its strongest rise
    for (String c : candidates) {
      List<Evidence> ev = byComponent.getOrDefault(c, List.of());
      ev.sort(Comparator.comparingDouble(RootCauseRanker::strength).reversed().thenComparing(e -> e.metric().toString()));
      anomaly.put(c, ev.isEmpty() ? 0 : strength(ev.get(0)));
      Map<String, Double> r = new HashMap<>();
      ev.forEach(e -> r.merge(e.metric().metric(), e.score(), Math::max));
      rises.put(c, r);
    }

    record Scored(String component, int group, double anomaly, String explainedBy) {}
    List<Scored> scored = new ArrayList<>();
    for (String c : candidates) {
      double a = anomaly.get(c);
      String by = null;
      double best = 0;
      if (a >= settings.threshold()) {
        double needed = Math.max(settings.threshold(), settings.explainRatio() * a);
        for (String dep : graph.causesOf(c)) {
          double d = sharedRise(rises.get(c), rises.getOrDefault(dep, Map.of()), settings.threshold());
          if (d >= needed && d > best) {
            best = d;
            by = dep;
          }
        }
      }
      int group = a < settings.threshold() ? 2 : by == null ? 0 : 1;
      scored.add(new Scored(c, group, a, by));
    }
    scored.sort(Comparator.comparingInt(Scored::group).thenComparing(Comparator.comparingDouble(Scored::anomaly).reversed())
        .thenComparing(Scored::component));
    double total = scored.stream().mapToDouble(s -> weight(s.group(), s.anomaly())).sum();
    List<Candidate> out = new ArrayList<>();
    for (Scored s : scored) {
      double w = weight(s.group(), s.anomaly());
      List<Evidence> ev = byComponent.getOrDefault(s.component(), List.of());
      out.add(new Candidate(s.component(), w, total > 0 ? w / total : 1.0 / scored.size(), s.anomaly(),
          s.explainedBy(), ev.subList(0, Math.min(settings.evidencePerCandidate(), ev.size()))));
    }
    return new Ranking(symptom, out);
  }

  /** The normal behaviour of every column of {@code normal} that has at least one finite value. */
  public static Map<MetricKey, Baseline> baselines(MetricFrame normal) {
    Map<MetricKey, Baseline> out = new LinkedHashMap<>();
    normal.columns().forEach((k, v) -> {
      Baseline b = Baseline.of(v);
      if (b != null) {
        out.put(k, b);
      }
    });
    return out;
  }

  /**
   * The dependency's strongest rise on a metric that also rose in the caller by at least
   * {@code threshold}: a fault travels as the same kind of symptom (a slow callee makes a slow
   * caller, errors make errors), so a dependency whose memory crept up does not explain a caller
   * whose CPU is hogged.
   */
  private static double sharedRise(Map<String, Double> caller, Map<String, Double> dependency, double threshold) {
    double best = 0;
    for (Map.Entry<String, Double> e : dependency.entrySet()) {
      if (caller.getOrDefault(e.getKey(), 0.0) >= threshold) {
        best = Math.max(best, e.getValue());
      }
    }
    return best;
  }

  /**
   * A rise counts fully, a fall by {@link #FALL_WEIGHT}: the faults looked for (a hog, a leak, a
   * delay, loss, a busy disk) raise the faulty component's metrics, while a fall is mostly a
   * victim's (less traffic reaches the dependencies of a slow service).
   */
  private static double strength(Evidence e) {
    return e.score() >= 0 ? e.score() : -e.score() * FALL_WEIGHT;
  }

  private static double weight(int group, double anomaly) {
    return GROUP_WEIGHT[group] * (1 + anomaly);
  }

  /** The column's k-th strongest |z| from row {@code first} on (fewer rows: the weakest of them). */
  private Evidence score(MetricKey key, double[] values, Baseline b, Instant[] times, int first) {
    List<double[]> points = new ArrayList<>(); // {|z|, row}
    for (int i = first; i < values.length; i++) {
      if (Double.isFinite(values[i])) {
        points.add(new double[] {Math.abs(b.z(values[i])), i});
      }
    }
    if (points.isEmpty()) {
      return null;
    }
    points.sort(Comparator.comparingDouble((double[] p) -> -p[0]));
    int k = Math.max(settings.sustain(), (int) Math.ceil(settings.sustainShare() * points.size()));
    double[] kth = points.get(Math.min(k, points.size()) - 1);
    int row = (int) points.get(0)[1];
    return new Evidence(key, Math.signum(b.z(values[row])) * kth[0], times[row], values[row], b.median());
  }
}
