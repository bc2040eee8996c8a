package io.sextant.central.diagnose;

import io.sextant.central.rca.Candidate;
import io.sextant.central.rca.DependencyGraph;
import io.sextant.central.rca.Evidence;
import io.sextant.central.rca.LearnedCalls;
import io.sextant.central.rca.MetricFrame;
import io.sextant.central.rca.MetricHistory;
import io.sextant.central.rca.Ranking;
import io.sextant.central.rca.RootCauseRanker;
import io.sextant.central.rca.Symptom;
import io.sextant.central.state.LiveState;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.FaultKind;
import io.sextant.common.model.RankedCause;
import io.sextant.common.model.Sample;
import io.sextant.common.topology.Topology;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Dependency faults: an alarmed latency or error KPI of a service that calls others is traced back
 * through the topology's {@code depends-on} and the calls learned from traces ({@link LearnedCalls})
 * with the {@link RootCauseRanker}, over the service
 * metrics the centre has received ({@link MetricHistory}: the normal behaviour is each series'
 * own just before the incident, so it works on a live centre from its first half hour on). When the
 * first-ranked component is another service, raising its own alarm on the same KPI kind, that
 * service is diagnosed as the root cause, with the ranking in the diagnosis' details and the
 * symptoms it explains as evidence, so the alarm engine groups their alarms under the root's.
 *
 * <p>A symptom is ranked {@link Settings#settle} after its detection, once the incident window
 * holds enough points of the fault (the ranker scores a series by its k-th strongest point, so a
 * single point of a fresh fault does not count), and is given up after {@link Settings#giveUp}:
 * the root did not raise an alarm of its own, or nothing stood out. Not thread-safe: the
 * {@link Diagnoser} calls it under its lock.
 */
final class DependencyRca {
  public static final String LOCATOR = "dependency-rca";
  public static final String LATENCY = "service_latency_ms";
  public static final String ERRORS = "service_error_ratio";
  /** Details key of a candidate metric's robust z-score: {@code z:<resource>|<metric>}. */
  public static final String Z = "z:";
  /** The service KPIs whose alarm starts a ranking. */
  static final Set<String> SYMPTOMS = Set.of(LATENCY, ERRORS);
  /** The service metrics kept and scored: load and CPU as well, so a surge shows where it started. */
  static final Set<String> METRICS = Set.of(LATENCY, ERRORS, "service_cpu_utilization", "service_requests_per_second");

  /**
   * @param lookback how far before the symptom the incident window starts (a root strays at most
   *     this long before its callers alarm)
   * @param normal the span before the incident window taken as normal behaviour
   * @param minNormalPoints fewer values than this in a series' normal span and it is not scored
   */
  record Settings(Duration lookback, Duration normal, int minNormalPoints, Duration settle, Duration giveUp) {
    static final Duration DEFAULT_LOOKBACK = Duration.ofMinutes(2);
    static final Duration DEFAULT_NORMAL = Duration.ofMinutes(30);
    static final int DEFAULT_MIN_NORMAL_POINTS = 30;
    /** Six 5 s windows of the fault: the ranker's k is 3 over a window of this size. */
    static final Duration DEFAULT_SETTLE = Duration.ofSeconds(30);
    static final Duration DEFAULT_GIVE_UP = Duration.ofMinutes(3);

    static Settings defaults() {
      return new Settings(DEFAULT_LOOKBACK, DEFAULT_NORMAL, DEFAULT_MIN_NORMAL_POINTS, DEFAULT_SETTLE, DEFAULT_GIVE_UP);
    }

    /** History a centre keeps for it. */
    Duration keep() {
      return lookback.plus(normal).plus(giveUp);
    }
  }

  private record Pending(String resource, String metric, Instant time) {}

  private final Settings settings;
  private final RootCauseRanker ranker;
  private final MetricHistory history;
  private final Map<String, Pending> pending = new LinkedHashMap<>();
  private final LearnedCalls learned;

  DependencyRca(Settings settings, LearnedCalls learned) {
    this.settings = settings;
    this.learned = learned;
    this.ranker = new RootCauseRanker(new RootCauseRanker.Settings(settings.lookback(),
        RootCauseRanker.Settings.DEFAULT_THRESHOLD, RootCauseRanker.Settings.DEFAULT_EXPLAIN_RATIO,
        RootCauseRanker.Settings.DEFAULT_SUSTAIN, RootCauseRanker.Settings.DEFAULT_SUSTAIN_SHARE,
        RootCauseRanker.Settings.DEFAULT_EVIDENCE));
    this.history = new MetricHistory(settings.keep(), METRICS);
  }

  void onSamples(List<Sample> samples) {
    history.onSamples(samples);
    learned.onSamples(samples);
  }

  /** The call edges the ranking follows now: the topology file's and the learned ones. */
  LearnedCalls.Union calls(Topology topology, Instant now) {
    return learned.union(topology.services(), now);
  }

  void onDetection(Detection d) {
    if (!d.resource().startsWith(MetricHistory.SERVICE) || !SYMPTOMS.contains(d.metric())) {
      return;
    }
    String key = d.resource() + "|" + d.metric();
    if (d.state() == Detection.State.RESOLVED) {
      pending.remove(key);
    } else {
      pending.putIfAbsent(key, new Pending(d.resource(), d.metric(), d.time()));
    }
  }

  /** Ranks the symptoms that have settled; returns the dependency faults found. */
  List<Diagnosis> tick(Instant now, Topology topology, LiveState state, String site) {
    List<Diagnosis> out = new ArrayList<>();
    DependencyGraph graph = pending.isEmpty() ? null : calls(topology, now).graph();
    for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (now.isBefore(p.time().plus(settings.settle()))) {
        continue;
      }
      if (!state.firing(p.resource(), p.metric()) || now.isAfter(p.time().plus(settings.giveUp()))) {
        it.remove();
        continue;
      }
      String component = p.resource().substring(MetricHistory.SERVICE.length());
      if (!graph.contains(component) || graph.causesOf(component).isEmpty()) {
        it.remove(); // calls nothing: its own alarm says it all
        continue;
      }
      Ranking ranking = rank(graph, new Symptom(component, p.metric(), "", p.time()), now);
      if (ranking == null) {
        it.remove();
        continue;
      }
      Candidate top = ranking.candidates().get(0);
      if (top.component().equals(component) || top.anomaly() < RootCauseRanker.Settings.DEFAULT_THRESHOLD
          || top.explainedBy() != null) {
        it.remove(); // the symptom's own service, or nothing stands out
        continue;
      }
      String root = MetricHistory.SERVICE + top.component();
      FaultKind kind = state.firing(root, LATENCY) ? FaultKind.SERVICE_SLOW
          : state.firing(root, ERRORS) ? FaultKind.SERVICE_ERRORS : null;
      if (kind == null) {
        continue; // the root's own alarm is what the symptoms are grouped under: wait for it
      }
      it.remove();
      out.add(diagnosis(ranking, kind, p, site, now));
    }
    return out;
  }

  /** The ranking for {@code symptom}, or null when too little history is there to know its normal. */
  private Ranking rank(DependencyGraph graph, Symptom symptom, Instant now) {
    Set<String> candidates = graph.candidatesFor(symptom.component());
    Instant incidentFrom = symptom.time().minus(settings.lookback());
    MetricFrame normal = history.frame(candidates, incidentFrom.minus(settings.normal()), incidentFrom);
    var baselines = RootCauseRanker.baselines(normal);
    baselines.keySet().removeIf(k -> countFinite(normal.columns().get(k)) < settings.minNormalPoints());
    if (baselines.isEmpty()) {
      return null;
    }
    MetricFrame incident = history.frame(candidates, incidentFrom, now.plusNanos(1));
    return ranker.rank(graph, baselines, incident, symptom);
  }

  private static int countFinite(double[] values) {
    int n = 0;
    for (double v : values) {
      if (Double.isFinite(v)) {
        n++;
      }
    }
    return n;
  }

  /**
   * Evidence: the symptom, the root and every candidate the root's fault explains (deviating, with
   * an anomalous dependency) — the resources whose alarms belong under the root's. Details: per
   * candidate its place, confidence and anomaly ({@link RankedCause}), and {@code z:<resource>|<metric>} for its strongest metrics.
   */
  private static Diagnosis diagnosis(Ranking ranking, FaultKind kind, Pending p, String site, Instant now) {
    Candidate top = ranking.candidates().get(0);
    Set<String> evidence = new LinkedHashSet<>();
    evidence.add(p.resource());
    evidence.add(MetricHistory.SERVICE + top.component());
    Map<String, Double> details = new LinkedHashMap<>();
    List<RankedCause> ranked = new ArrayList<>();
    for (Candidate c : ranking.candidates()) {
      String r = MetricHistory.SERVICE + c.component();
      if (c.explainedBy() != null) {
        evidence.add(r);
      }
      ranked.add(new RankedCause(ranked.size() + 1, r, c.confidence(), c.anomaly()));
      for (Evidence e : c.evidence()) {
        details.put(Z + r + "|" + e.metric().metric(), e.score());
      }
    }
    RankedCause.put(ranked, details);
    return new Diagnosis(null, site, now, kind, MetricHistory.SERVICE + top.component(), top.confidence(),
        List.copyOf(evidence), details, LOCATOR);
  }
}
