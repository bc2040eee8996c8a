package io.sextant.collector.outbox;

import io.sextant.common.model.Action;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.Message;
import io.sextant.common.model.SampleBatch;

/**
 * Drain order and drop order of outbox entries. Lower ordinal drains first; the size and age
 * bounds drop the highest ordinal (raw samples) first, because operators want faults to go up
 * before the data that shows them.
 */
public enum Priority {
  ALARM,
  EVENT,
  SAMPLES;

  /** The class a message goes in by default. */
  public static Priority of(Message m) {
    if (m instanceof Alarm) {
      return ALARM;
    }
    if (m instanceof SampleBatch) {
      return SAMPLES;
    }
    return EVENT;
  }

  /**
   * The ordering key: entries with the same key are sent in append order, and a failed send
   * holds back the later entries of its key only. Per series for detections, per alarm for alarm
   * updates, per action for its lifecycle, per site for sample batches (a batch holds many series).
   */
  public static String keyOf(Message m) {
    if (m instanceof SampleBatch b) {
      return "smp/" + b.site();
    }
    if (m instanceof Detection d) {
      return "det/" + Long.toHexString(d.seriesId());
    }
    if (m instanceof Alarm a) {
      return "alm/" + a.id();
    }
    if (m instanceof ActionEvent e) {
      return "act/" + e.action().id();
    }
    if (m instanceof Action a) {
      return "act/" + a.id();
    }
    if (m instanceof Diagnosis d) {
      return "dia/" + d.id();
    }
    return m.getClass().getSimpleName() + "/" + m.site();
  }
}
