package io.sextant.deploy.assembly;

import io.sextant.collector.Collector;
import io.sextant.collector.source.Source;
import io.sextant.common.action.Actuator;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Sample;
import io.sextant.edge.EdgeReasoner;
import io.sextant.edge.detect.DetectorRules;
import io.sextant.edge.detect.SeriesDetectors;
import io.sextant.edge.local.LocalRepair;
import io.sextant.runbook.model.Runbook;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * One edge site's pipeline, used by the all-in-one and by {@code sextant edge}: collector →
 * reasoner (detection, local repair through the edge runbooks) → uplink. Each window goes up as
 * one sample batch (keyed by site, which keeps every series in order) and the window's
 * detections; local action steps go up as they happen.
 */
public final class EdgeSite {
  private final Collector collector;
  private final EdgeReasoner reasoner;
  private final Uplink uplink;

  public EdgeSite(Collector collector, EdgeReasoner reasoner, Uplink uplink) {
    this.collector = collector;
    this.reasoner = reasoner;
    this.uplink = uplink;
  }

  /** The whole edge pipeline of {@code site} over {@code source}, repairing through {@code actuator}. */
  public static EdgeSite assemble(String site, Source source, Actuator actuator, Clock clock, List<Runbook> runbooks,
      Uplink uplink) {
    Collector collector = new Collector(site, List.of(source), clock);
    LocalRepair repair = new LocalRepair(clock, actuator, runbooks, uplink::audit);
    EdgeReasoner reasoner = new EdgeReasoner(site, new SeriesDetectors(DetectorRules.defaults()), repair);
    return new EdgeSite(collector, reasoner, uplink);
  }

  /** Collects, reasons and sends the window ending at {@code t}. */
  public void window(Instant t) {
    List<Sample> samples = collector.collect(t);
    List<Detection> detections = reasoner.observe(samples);
    uplink.window(collector.site(), t, samples, detections);
  }

  public String site() {
    return collector.site();
  }

  public Collector collector() {
    return collector;
  }

  public EdgeReasoner reasoner() {
    return reasoner;
  }
}
