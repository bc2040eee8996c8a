package io.sextant.node.edge;

import io.sextant.collector.uplink.EdgeUplink;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Sample;
import io.sextant.common.model.SampleBatch;
import java.time.Instant;
import java.util.List;

/**
 * How an edge site sends what it produced towards the centre. All-in-one: straight onto the
 * in-process bus ({@link #direct}). Edge process: the collector's {@link EdgeUplink} (upload
 * policy, durable SQLite outbox, drain thread with backoff), which commits a window in one
 * transaction and sends it when the bus is reachable ({@link #of}).
 */
public interface Uplink {
  /** One window of {@code site}: its samples and the detector transitions they caused. */
  void window(String site, Instant windowEnd, List<Sample> samples, List<Detection> detections);

  /** A local action step for the centre's audit log. */
  void audit(ActionEvent event);

  /** A detection outside any window: a pushed model's runner reporting a refusal or a rollback. */
  void report(Detection detection);

  /**
   * Publishes on {@code bus} with the keys the rest of Sextant relies on: the sample batch by site
   * (per-series order), then detections by resource; action events by action id.
   */
  static Uplink direct(MessageBus bus) {
    return new Uplink() {
      @Override
      public void window(String site, Instant windowEnd, List<Sample> samples, List<Detection> detections) {
        bus.publish(Topic.SAMPLES, SampleBatch.of(site, windowEnd, samples));
        for (Detection d : detections) {
          bus.publish(Topic.DETECTIONS, d);
        }
      }

      @Override
      public void audit(ActionEvent e) {
        bus.publish(Topic.ACTION_EVENTS, e);
      }

      @Override
      public void report(Detection d) {
        bus.publish(Topic.DETECTIONS, d);
      }
    };
  }

  /** Through the edge's durable uplink; returns once the messages are committed to its outbox. */
  static Uplink of(EdgeUplink uplink) {
    return new Uplink() {
      @Override
      public void window(String site, Instant windowEnd, List<Sample> samples, List<Detection> detections) {
        uplink.window(windowEnd, samples, detections);
      }

      @Override
      public void audit(ActionEvent e) {
        uplink.audit(e);
      }

      /** Reports name a model and its version, never a series' labels: no policy applies to them. */
      @Override
      public void report(Detection d) {
        uplink.send(d);
      }
    };
  }
}
