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
}
