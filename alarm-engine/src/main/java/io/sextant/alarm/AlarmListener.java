package io.sextant.alarm;

import io.sextant.common.model.Alarm;

/**
 * Receives every alarm change, once, with the alarm's new state; the wiring persists and
 * publishes it here. Called on the thread that caused the change while the engine's lock is
 * held, in change order, so the store's history has the engine's order. It must not call the
 * engine's mutating methods. If it throws, the engine keeps its previous state and rethrows,
 * so the caller can leave the bus message unacknowledged and get it redelivered.
 */
@FunctionalInterface
public interface AlarmListener {
  void changed(Alarm alarm);

  /**
   * Called by each mutating engine method after it has released the engine's lock: returns once
   * every change announced so far is durable (and passed on), or throws when it cannot say so in
   * time (a retryable {@link io.sextant.common.store.StoreException}: answer 503, let the bus
   * redeliver). A listener that does its work in {@link #changed} has nothing to wait for.
   */
  default void awaitCommitted() {}

  /**
   * Called instead of {@link #awaitCommitted} by a caller that may be answered before its changes
   * are durable (the Alertmanager intake, {@code batched}): returns once no change announced more
   * than {@code maxLag} ago is still waiting to be made durable, so a crash loses at most the
   * changes of one {@code maxLag} window. Throws as {@link #awaitCommitted} does when that does
   * not come to hold in time.
   */
  default void awaitLagBelow(java.time.Duration maxLag) {
    awaitCommitted();
  }
}
