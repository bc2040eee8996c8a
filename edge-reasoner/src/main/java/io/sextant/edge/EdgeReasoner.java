package io.sextant.edge;

import io.sextant.common.model.Detection;
import io.sextant.common.model.Sample;
import io.sextant.edge.detect.SeriesDetectors;
import io.sextant.edge.local.LocalRepair;
import io.sextant.edge.threshold.AbsentSeries;
import io.sextant.edge.threshold.ThresholdDetectors;
import io.sextant.edge.threshold.ThresholdRules;
import io.sextant.edge.threshold.VanishedGpus;
import java.util.ArrayList;
import java.util.List;

/**
 * The reasoning stage of an edge site: every window's samples go through the learned streaming
 * detectors and, beside them, the rules that need no learning (static thresholds, series absent
 * from the answer, GPUs gone from their exporter's); all their transitions drive local repair. Returns the transitions so the
 * caller can send them to the centre.
 */
public final class EdgeReasoner {
  private final String site;
  private final SeriesDetectors detectors;
  private final ThresholdDetectors thresholds;
  private final AbsentSeries absent = new AbsentSeries();
  private final VanishedGpus gpus = new VanishedGpus();
  private final LocalRepair repair;

  /** With the built-in thresholds. */
  public EdgeReasoner(String site, SeriesDetectors detectors, LocalRepair repair) {
    this(site, detectors, new ThresholdDetectors(ThresholdRules.defaults()), repair);
  }

  public EdgeReasoner(String site, SeriesDetectors detectors, ThresholdDetectors thresholds, LocalRepair repair) {
    this.site = site;
    this.detectors = detectors;
    this.thresholds = thresholds;
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
    List<Detection> fixed = thresholds.observe(samples, site);
    List<Detection> gone = absent.observe(samples, site);
    List<Detection> gpusGone = gpus.observe(samples, site);
    if (!gpusGone.isEmpty()) {
      gone = new ArrayList<>(gone);
      gone.addAll(gpusGone);
    }
    if (!others.isEmpty() || !fixed.isEmpty() || !gone.isEmpty()) {
      detections = new ArrayList<>(detections);
      detections.addAll(fixed);
      detections.addAll(gone);
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

  public ThresholdDetectors thresholds() {
    return thresholds;
  }

  public AbsentSeries absent() {
    return absent;
  }

  public VanishedGpus gpus() {
    return gpus;
  }

  public LocalRepair repair() {
    return repair;
  }
}
