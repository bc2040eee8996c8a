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
    List<Detection> detections = detectors.observe(samples, site);
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
