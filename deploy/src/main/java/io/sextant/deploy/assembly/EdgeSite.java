package io.sextant.deploy.allinone;

import io.sextant.collector.Collector;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Sample;
import io.sextant.common.model.SampleBatch;
import io.sextant.edge.EdgeReasoner;
import java.time.Instant;
import java.util.List;

/**
 * One edge site's pipeline: collector → reasoner (detection, local repair) → bus. Samples go up
 * as one batch per window keyed by site (which keeps every series in order), detections keyed by
 * resource, local action steps keyed by action id.
 */
public final class EdgeSite {
  private final Collector collector;
  private final EdgeReasoner reasoner;
  private final MessageBus bus;

  public EdgeSite(Collector collector, EdgeReasoner reasoner, MessageBus bus) {
    this.collector = collector;
    this.reasoner = reasoner;
    this.bus = bus;
  }

  /** Publishes a local action step; used as the local repair's audit sink. */
  public static void publish(MessageBus bus, ActionEvent e) {
    bus.publish(Topic.ACTION_EVENTS, e.action().id(), e);
  }

  /** Collects, reasons and publishes the window ending at {@code t}. */
  public void window(Instant t) {
    List<Sample> samples = collector.collect(t);
    List<Detection> detections = reasoner.observe(samples);
    bus.publish(Topic.SAMPLES, collector.site(), SampleBatch.of(collector.site(), t, samples));
    for (Detection d : detections) {
      bus.publish(Topic.DETECTIONS, d.resource(), d);
    }
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
