package io.sextant.central.model;

import io.sextant.common.model.Sample;
import io.sextant.store.registry.FeedbackLabel;
import io.sextant.sim.CloudSpec;
import io.sextant.sim.Fault;
import io.sextant.sim.GroundTruth;
import io.sextant.sim.SimulatedCloud;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** History of the simulated cloud with its default faults, and the ground truth as FAULT labels. */
public record SimHistory(CloudSpec spec, List<Sample> samples, List<FeedbackLabel> labels, Instant from, Instant to) {

  /** Every window from the spec's start to the end of its fault schedule. */
  public static SimHistory generate(CloudSpec spec) {
    SimulatedCloud cloud = SimulatedCloud.withDefaultFaults(spec);
    Instant end = cloud.schedule().end().orElseThrow();
    List<Sample> samples = new ArrayList<>();
    for (Instant t = spec.start(); t.isBefore(end); t = t.plus(spec.step())) {
      samples.addAll(cloud.collectAll(t));
    }
    return new SimHistory(spec, samples, labels(cloud, samples), spec.start(), end);
  }

  /** One FAULT label per affected resource of each fault, over the fault's active time. */
  public static List<FeedbackLabel> labels(SimulatedCloud cloud, List<Sample> samples) {
    Map<String, String> siteOf = new HashMap<>();
    samples.forEach(s -> siteOf.putIfAbsent(s.resource(), s.site()));
    GroundTruth truth = cloud.groundTruth();
    List<FeedbackLabel> out = new ArrayList<>();
    for (Fault f : truth.faults()) {
      for (String resource : truth.affected(f)) {
        out.add(FeedbackLabel.fault(siteOf.getOrDefault(resource, "central"), resource, f.start(), f.end(),
            f.kind().name(), "simulation"));
      }
    }
    return out;
  }
}
