package io.sextant.central.ingest;

import io.sextant.central.state.LiveState;
import io.sextant.common.bus.Bus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.Detection;
import io.sextant.common.model.SampleBatch;
import io.sextant.common.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Central intake from the bus into the store and the live state. Each handler writes to the
 * store first and returns only when it has committed, so a message is acknowledged only once it
 * is stored; a store failure throws and the bus redelivers. Writes are idempotent on message
 * ids, so redeliveries and edge re-sends never count twice.
 */
public final class Ingest implements AutoCloseable {
  private final List<Bus.Subscription> subscriptions = new ArrayList<>();

  /** As below, with nothing but the live state reading samples as they come. */
  public Ingest(MessageBus bus, Store store, Consumer<SampleBatch> samples, LiveState state,
      Consumer<Detection> detectionListener) {
    this(bus, store, samples, batch -> { }, state, detectionListener);
  }

  /**
   * @param samples writes one sample batch and returns once it is committed, idempotent on the
   *     batch's message id (the store's ingest ledger: a re-sent batch is skipped whole)
   * @param live reads each sample batch as it comes, after the live state has it, on a
   *     subscription of its own: what locates faults and verifies repairs does not wait behind the
   *     store's commits (under load it fell minutes of simulated time behind in the lab, and a
   *     repair that had worked was judged on stale evidence)
   */
  public Ingest(MessageBus bus, Store store, Consumer<SampleBatch> samples, Consumer<SampleBatch> live,
      LiveState state, Consumer<Detection> detectionListener) {
    subscriptions.add(bus.subscribe(Topic.SAMPLES, "central-ingest", samples::accept));
    subscriptions.add(bus.subscribe(Topic.SAMPLES, "central-live", batch -> {
      state.onSamples(batch.samples());
      live.accept(batch);
    }));
    subscriptions.add(bus.subscribe(Topic.DETECTIONS, "central-ingest", d -> {
      store.writeDetection(d);
      state.onDetection(d);
      detectionListener.accept(d);
    }));
    subscriptions.add(bus.subscribe(Topic.ACTION_EVENTS, "central-audit", store::writeActionEvent));
    subscriptions.add(bus.subscribe(Topic.DIAGNOSES, "central-ingest", store::writeDiagnosis));
  }

  @Override
  public void close() {
    subscriptions.forEach(Bus.Subscription::close);
  }
}
