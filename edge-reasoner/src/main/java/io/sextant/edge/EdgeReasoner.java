package io.sextant.edge;

import io.sextant.common.model.Detection;
import io.sextant.common.model.Sample;
import io.sextant.edge.detect.SeriesDetectors;
import io.sextant.edge.local.LocalRepair;
import java.util.List;

/**
 * The reasoning stage of an edge site: every window's samples go through the streaming
 * detectors, and the detector transitions drive local repair. Returns the transitions so the
 * caller can send them to the centre.
 */
public final class EdgeReasoner {
  private final String site;
  private final SeriesDetectors detectors;
  private final LocalRepair repair;

  public EdgeReasoner(String site, SeriesDetectors detectors, LocalRepair repair) {
    this.site = site;
    this.detectors = detectors;
    this.repair = repair;
  }

  public List<Detection> observe(List<Sample> samples) {
    return observe(samples, List.of());
  }

  /**
   * As {@link #observe(List)}, with detections another detector made of the same window (a pushed
   * model's): local repair acts on them as on the streaming detectors' own. Returns all of them.
   */
  public List<Detection> observe(List<Sample> samples, List<Detection> others) {
    List<Detection> detections = detectors.observe(samples, site);
    if (!others.isEmpty()) {
      detections = new java.util.ArrayList<>(detections);
      detections.addAll(others);
    }
    repair.observe(samples, detections);
    repair.tick();
    return detections;
  }

  public String site() {
    return site;
  }

  public SeriesDetectors detectors() {
    return detectors;
  }

  public LocalRepair repair() {
    return repair;
  }
}
