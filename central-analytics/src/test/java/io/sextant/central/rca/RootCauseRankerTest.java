package io.sextant.central.rca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RootCauseRankerTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  /** frontend calls cart and catalog; cart calls redis; catalog calls db. */
  private static final DependencyGraph GRAPH = DependencyGraph.of(List.of(
      new DependencyGraph.Edge("cart", "frontend"), new DependencyGraph.Edge("catalog", "frontend"),
      new DependencyGraph.Edge("redis", "cart"), new DependencyGraph.Edge("db", "catalog")));
  private static final List<String> SERVICES = List.of("frontend", "cart", "catalog", "redis", "db");

  private final RootCauseRanker ranker = new RootCauseRanker(RootCauseRanker.Settings.defaults());

  @Test
  void theMostUpstreamAnomalousComponentRanksFirstThoughItsCallersDeviateMore() {
    // redis is slow: cart and the front end, which call it, are slower still in absolute terms
    // and the front end's latency, calmer in normal times, strays by far more standard deviations
    Map<String, Double> added = Map.of("redis", 20.0, "cart", 20.0, "frontend", 20.0);
    Ranking r = rank(added, Map.of("frontend", 0.3), new Symptom("frontend", "latency", "p90", T0.plusSeconds(600)));

    assertThat(r.components().get(0)).isEqualTo("redis");
    assertThat(r.candidates().get(0).explainedBy()).isNull();
    assertThat(r.candidates().get(0).anomaly()).isLessThan(r.candidates().stream()
        .filter(c -> c.component().equals("frontend")).findFirst().orElseThrow().anomaly());
    Candidate cart = r.candidates().stream().filter(c -> c.component().equals("cart")).findFirst().orElseThrow();
    assertThat(cart.explainedBy()).isEqualTo("redis");
    assertThat(r.candidates().get(0).evidence().get(0).metric()).isEqualTo(new MetricKey("redis", "latency", "p90"));
    assertThat(r.candidates().get(0).confidence()).isGreaterThan(0.5);
    assertThat(r.candidates().stream().mapToDouble(Candidate::confidence).sum()).isCloseTo(1.0,
        org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void anAnomalyOnlyInTheSymptomRanksItsOwnComponentFirst() {
    Ranking r = rank(Map.of("frontend", 30.0), Map.of(), new Symptom("frontend", "latency", "p90", T0.plusSeconds(600)));

    assertThat(r.components().get(0)).isEqualTo("frontend");
    assertThat(r.candidates().get(0).explainedBy()).isNull();
  }

  @Test
  void aDependencyWhoseMetricsFellExplainsNothing() {
    // cart is slow, so redis gets less traffic and answers faster: a deviation, but downwards
    Ranking r = rank(Map.of("cart", 20.0, "frontend", 20.0, "redis", -9.0), Map.of(),
        new Symptom("frontend", "latency", "p90", T0.plusSeconds(600)));

    assertThat(r.components().get(0)).isEqualTo("cart");
    assertThat(r.candidates().get(0).explainedBy()).isNull();
  }

  @Test
  void onlyTheSymptomAndItsDependenciesAreCandidates() {
    // the catalog branch is far more anomalous, but cart does not call it: it cannot cause cart's symptom
    Ranking r = rank(Map.of("db", 50.0, "redis", 10.0), Map.of(), new Symptom("cart", "latency", "p90",
        T0.plusSeconds(600)));

    assertThat(r.components()).containsExactly("redis", "cart");
  }

  @Test
  void aLoneSpikeInAnInnocentSeriesDoesNotOutrankASustainedFault() {
    Map<String, double[]> spikes = Map.of("db", new double[] {0, 0, 0, 400, 0, 0});
    Ranking r = rank(Map.of("redis", 15.0), Map.of(), spikes,
        new Symptom("frontend", "latency", "p90", T0.plusSeconds(600)));

    assertThat(r.components().get(0)).isEqualTo("redis");
  }

  @Test
  void aSymptomOutsideTheGraphIsRefused() {
    assertThatThrownBy(() -> rank(Map.of(), Map.of(), new Symptom("nope", "latency", "p90", T0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nope' is not a node");
  }

  private Ranking rank(Map<String, Double> addedLatency, Map<String, Double> noiseOverride, Symptom s) {
    return rank(addedLatency, noiseOverride, Map.of(), s);
  }

  /**
   * Normal: 120 rows of latency around 10 ms (noise 1 ms, or the override's ms), then six incident
   * rows with {@code addedLatency} ms more (and {@code extra} added row by row).
   */
  private Ranking rank(Map<String, Double> addedLatency, Map<String, Double> noise, Map<String, double[]> extra,
      Symptom s) {
    SplittableRandom rng = new SplittableRandom(7);
    Map<MetricKey, double[]> normal = new LinkedHashMap<>();
    Map<MetricKey, double[]> incident = new LinkedHashMap<>();
    Instant[] normalTimes = times(T0.minusSeconds(1200), 120);
    Instant[] incidentTimes = times(T0.plusSeconds(570), 6);
    for (String c : SERVICES) {
      double sd = noise.getOrDefault(c, 1.0);
      double[] n = new double[120];
      for (int i = 0; i < n.length; i++) {
        n[i] = 10 + sd * gaussian(rng);
      }
      double[] x = new double[6];
      for (int i = 0; i < x.length; i++) {
        x[i] = 10 + sd * gaussian(rng) + addedLatency.getOrDefault(c, 0.0) + extra.getOrDefault(c, new double[6])[i];
      }
      normal.put(new MetricKey(c, "latency", "p90"), n);
      incident.put(new MetricKey(c, "latency", "p90"), x);
    }
    return ranker.rank(GRAPH, RootCauseRanker.baselines(new MetricFrame(normalTimes, normal)),
        new MetricFrame(incidentTimes, incident), s);
  }

  private static Instant[] times(Instant from, int n) {
    Instant[] t = new Instant[n];
    for (int i = 0; i < n; i++) {
      t[i] = from.plusSeconds(10L * i);
    }
    return t;
  }

  private static double gaussian(SplittableRandom rng) {
    return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
  }
}
