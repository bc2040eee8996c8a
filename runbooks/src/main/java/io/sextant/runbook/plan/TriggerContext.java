package io.sextant.runbook.plan;

import io.sextant.common.model.Alarm;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Diagnosis;
import java.time.Instant;
import java.util.List;

/**
 * What a planner knows about the trigger: the resource at fault, the observed value and the
 * learned baseline (for detections), and the evidence (for diagnoses).
 */
public record TriggerContext(String id, String site, Instant time, String resource, double observed, double expected,
    List<String> evidence) {

  public TriggerContext {
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
  }

  public static TriggerContext of(Detection d) {
    return new TriggerContext(d.id(), d.site(), d.time(), d.resource(), d.observed(), d.expected(), List.of());
  }

  public static TriggerContext of(Diagnosis d) {
    return new TriggerContext(d.id(), d.site(), d.time(), d.target(), Double.NaN, Double.NaN, d.evidence());
  }

  public static TriggerContext of(Alarm a) {
    return new TriggerContext(a.id(), a.site(), a.time(), a.resource(), Double.NaN, Double.NaN, List.of());
  }

  /** The id part of a typed resource: {@code service:edge-1/web} gives {@code edge-1/web}. */
  public String resourceId(String type) {
    String prefix = type + ":";
    if (!resource.startsWith(prefix)) {
      throw new IllegalArgumentException("expected a " + type + " resource, got '" + resource + "'");
    }
    return resource.substring(prefix.length());
  }
}
