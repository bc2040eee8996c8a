package io.sextant.central.model;

import java.util.List;
import java.util.Objects;

/**
 * A group of resources described by the same KPI vector, and the id of the models trained for
 * it. A resource belongs to a family in a window when it reports every input metric then.
 */
public record KpiFamily(String modelId, List<String> inputs) {
  /** A service's load and health: CPU per replica, latency, error ratio. */
  public static final KpiFamily SERVICE = new KpiFamily("service-kpis",
      List.of("service_cpu_utilization", "service_latency_ms", "service_error_ratio"));
  /** A probed path between two sites: loss, round trip time, jitter. */
  public static final KpiFamily PROBE = new KpiFamily("probe-kpis",
      List.of("probe_loss_ratio", "probe_rtt_ms", "probe_jitter_ms"));

  public KpiFamily {
    Objects.requireNonNull(modelId, "modelId");
    if (inputs == null || inputs.isEmpty()) {
      throw new IllegalArgumentException("family " + modelId + ": needs at least one input metric");
    }
    inputs = List.copyOf(inputs);
  }

  public static KpiFamily named(String name) {
    for (KpiFamily f : List.of(SERVICE, PROBE)) {
      if (f.modelId().equals(name) || f.modelId().equals(name + "-kpis")) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown KPI family '" + name + "': use service or probe");
  }
}
