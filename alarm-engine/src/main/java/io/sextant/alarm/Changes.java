package io.sextant.alarm;

import io.sextant.common.model.Alarm;
import java.util.ArrayList;
import java.util.List;

/**
 * What one input (a detection, a diagnosis, an operator action) does to the engine: the new
 * alarm states to announce, in order, and the bookkeeping to apply once they are announced. The
 * engine plans all of it against its current state, hands the alarms to the listener, and only
 * then applies it, so a listener failure leaves the engine untouched.
 */
final class Changes {
  private final List<Alarm> alarms = new ArrayList<>();
  private final List<Runnable> bookkeeping = new ArrayList<>();

  Changes alarm(Alarm alarm) {
    alarms.add(alarm);
    return this;
  }

  Changes then(Runnable step) {
    bookkeeping.add(step);
    return this;
  }

  List<Alarm> alarms() {
    return alarms;
  }

  List<Runnable> bookkeeping() {
    return bookkeeping;
  }
}
