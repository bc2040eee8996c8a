package io.sextant.node.edge;

import io.sextant.collector.Collector;
import io.sextant.collector.source.Source;
import io.sextant.common.action.Actuator;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Heartbeat;
import io.sextant.common.model.Sample;
import io.sextant.edge.EdgeReasoner;
import io.sextant.edge.detect.DetectorRules;
import io.sextant.edge.detect.SeriesDetectors;
import io.sextant.edge.local.LocalRepair;
import io.sextant.edge.model.EdgeModels;
import io.sextant.edge.threshold.ThresholdDetectors;
import io.sextant.edge.threshold.ThresholdRules;
import io.sextant.runbook.model.Runbook;
import io.sextant.runbook.safety.AutomationControl;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One edge site's pipeline, used by the all-in-one and by {@code sextant edge}: collector
 * (validation) → reasoner (streaming detectors and the pushed models; every detection, whichever
 * made it, drives local repair through the edge runbooks) → uplink. Each window goes up as one
 * sample batch (keyed by site, which keeps every series in order; it always carries the edge's
 * {@link Heartbeat}, so a window with no sample still reaches the centre) and the window's detections;
 * local action steps and the model runner's reports go up as they happen.
 */
public final class EdgeSite {
  private final Collector collector;
  private final EdgeReasoner reasoner;
  private final Uplink uplink;
  /** The edge's own health series of a window; none until a node attaches them. */
  private volatile Function<Instant, List<Sample>> health = t -> List.of();
  /** Models pushed by the centre, scored on each window next to the streaming detectors; may be null. */
  private volatile EdgeModels models;

  public EdgeSite(Collector collector, EdgeReasoner reasoner, Uplink uplink) {
    this.collector = collector;
    this.reasoner = reasoner;
    this.uplink = uplink;
  }

  /** The whole edge pipeline of {@code site} over {@code source}, repairing through {@code actuator}. */
  public static EdgeSite assemble(String site, Source source, Actuator actuator, Clock clock, List<Runbook> runbooks,
      Uplink uplink) {
    return assemble(site, List.of(source), DetectorRules.defaults(), actuator, clock, runbooks, uplink);
  }

  /** The same over several sources (a live edge's host, scrape, OTLP and probe sources) and given detector rules. */
  public static EdgeSite assemble(String site, List<Source> sources, DetectorRules rules, Actuator actuator,
      Clock clock, List<Runbook> runbooks, Uplink uplink) {
    return assemble(site, sources, rules, ThresholdRules.defaults(), actuator, clock, runbooks, uplink);
  }

  /** The same with given static thresholds beside the learned rules. */
  public static EdgeSite assemble(String site, List<Source> sources, DetectorRules rules, ThresholdRules thresholds,
      Actuator actuator, Clock clock, List<Runbook> runbooks, Uplink uplink) {
    return assemble(site, sources, rules, thresholds, actuator, clock, runbooks, uplink, AutomationControl.open(clock));
  }

  /** The same under the node's safety switches. */
  public static EdgeSite assemble(String site, List<Source> sources, DetectorRules rules, ThresholdRules thresholds,
      Actuator actuator, Clock clock, List<Runbook> runbooks, Uplink uplink, AutomationControl automation) {
    Collector collector = new Collector(site, sources, clock);
    LocalRepair repair = new LocalRepair(clock, actuator, runbooks, uplink::audit, automation);
    EdgeReasoner reasoner = new EdgeReasoner(site, new SeriesDetectors(rules), new ThresholdDetectors(thresholds),
        repair);
    return new EdgeSite(collector, reasoner, uplink);
  }

  /**
   * Collects, reasons and sends the window ending at {@code t}, with the edge's heartbeat and its
   * health series in its batch. Neither is shown to the detectors or the models: they are about the
   * edge, not the site, and a rule or model learning on them would alarm on the monitoring itself
   * (an outbox filling during an outage is already the centre's no-data alarm).
   */
  public void window(Instant t) {
    List<Sample> samples = collector.collect(t);
    EdgeModels m = models;
    List<Detection> detections = reasoner.observe(samples, m == null ? List.of() : m.score(t, samples));
    List<Sample> own = health.apply(t);
    List<Sample> up = new ArrayList<>(samples.size() + own.size() + 1);
    up.addAll(samples);
    up.add(Heartbeat.sample(collector.site(), t));
    up.addAll(own);
    uplink.window(collector.site(), t, up, detections);
  }

  /**
   * Adds the edge's health series ({@link io.sextant.common.model.HealthSeries}) of each window,
   * given the window's end, to its batch; they go through the upload policy like any sample.
   */
  public void attachHealth(Function<Instant, List<Sample>> health) {
    this.health = health;
  }

  /** Scores every later window with the models the centre pushes to this site as well. */
  public void attachModels(EdgeModels models) {
    models.reportTo(uplink::report);
    this.models = models;
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
