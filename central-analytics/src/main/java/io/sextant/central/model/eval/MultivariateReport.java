package io.sextant.central.model.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluation of a whole directory: per entity results, the entities refused with their reason,
 * and the overall figures. Overall counts are summed over entities (each at its own threshold),
 * so a long entity weighs more, as when the entities' points are pooled.
 */
public record MultivariateReport(List<EntityResult> entities, List<Failure> failures) {
  /** An entity that could not be evaluated, and why. */
  public record Failure(String entity, String reason) {}

  public MultivariateReport {
    entities = List.copyOf(entities);
    failures = List.copyOf(failures);
  }

  public PointCounts atThreshold() {
    return entities.stream().map(EntityResult::atThreshold).reduce(PointCounts.ZERO, PointCounts::plus);
  }

  public PointCounts best() {
    return entities.stream().map(e -> e.best().counts()).reduce(PointCounts.ZERO, PointCounts::plus);
  }

  public PointCounts bestAdjusted() {
    return entities.stream().map(e -> e.bestAdjusted().counts()).reduce(PointCounts.ZERO, PointCounts::plus);
  }

  /** The report's JSON shape: {@code overall}, {@code entities}, {@code failures}. */
  public Map<String, Object> asJson() {
    Map<String, Object> root = new LinkedHashMap<>();
    Map<String, Object> overall = figures(atThreshold(), best(), bestAdjusted());
    overall.put("entities", entities.size());
    overall.put("failed_entities", failures.size());
    root.put("overall", overall);
    List<Object> list = new ArrayList<>();
    for (EntityResult e : entities) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("entity", e.entity());
      m.putAll(figures(e.atThreshold(), e.best().counts(), e.bestAdjusted().counts()));
      m.put("threshold", e.threshold());
      m.put("best_f1_threshold", e.best().threshold());
      m.put("metrics", e.metrics());
      m.put("train_rows", e.trainRows());
      m.put("test_rows", e.testRows());
      m.put("anomalous_points", e.anomalousPoints());
      m.put("segments", e.segments());
      m.put("trainer", e.trainer());
      m.put("train_millis", e.trainMillis());
      list.add(m);
    }
    root.put("entities", list);
    List<Object> bad = new ArrayList<>();
    for (Failure f : failures) {
      bad.add(Map.of("entity", f.entity(), "error", f.reason()));
    }
    root.put("failures", bad);
    return root;
  }

  private static Map<String, Object> figures(PointCounts at, PointCounts best, PointCounts adjusted) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("f1", at.f1());
    m.put("precision", at.precision());
    m.put("recall", at.recall());
    m.put("best_f1", best.f1());
    m.put("best_f1_precision", best.precision());
    m.put("best_f1_recall", best.recall());
    m.put("best_f1_point_adjusted", adjusted.f1());
    m.put("tp", at.tp());
    m.put("fp", at.fp());
    m.put("fn", at.fn());
    return m;
  }
}
