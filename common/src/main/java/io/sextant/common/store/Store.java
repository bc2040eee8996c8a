package io.sextant.common.store;

import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.Sample;
import java.time.Instant;
import java.util.List;

/**
 * The central store SPI. Every write is idempotent on the message's stable id (samples: on
 * series and time), so a redelivered or re-sent message never counts twice. Writes throw
 * {@link StoreException} when the store is unreachable; callers then leave the bus message
 * unacknowledged so it is redelivered.
 */
public interface Store extends AutoCloseable {

  /** Writes samples; a (series, time) already stored is left as it is. Returns rows inserted. */
  int writeSamples(List<Sample> samples);

  void writeDetection(Detection detection);

  /** Upserts the alarm's current state and appends the change to its history. */
  void writeAlarm(Alarm alarm);

  /**
   * Writes alarm changes in order, each as {@link #writeAlarm} would; a store that can commits them
   * all in one transaction (all or none). The alarm engine's group commit writes through this.
   */
  default void writeAlarms(List<Alarm> changes) {
    changes.forEach(this::writeAlarm);
  }

  /**
   * As {@link #writeAlarms(List)}, with each change already encoded by the JSON codec
   * ({@code docs.get(i)} is {@code JsonCodec.encode(changes.get(i))}, or null where the caller has
   * none): the group commit encodes a change once for the store and the bus. A store that keeps
   * documents may take them instead of encoding again.
   */
  default void writeAlarms(List<Alarm> changes, List<byte[]> docs) {
    writeAlarms(changes);
  }

  /**
   * As {@link #writeAlarms(List, List)}, from the one writer of these alarms when it knows that
   * none of the changes is a redelivery: each follows changes of its own that the store committed
   * (the alarm engine's group commit, between failures). A store may then skip its redelivery
   * rules: every change is appended to its alarm's history, and the last change of each alarm in
   * the batch becomes its current state unless the stored one is newer.
   */
  default void appendAlarms(List<Alarm> changes, List<byte[]> docs) {
    writeAlarms(changes, docs);
  }

  void writeDiagnosis(Diagnosis diagnosis);

  /** Appends one action lifecycle step to the audit log. */
  void writeActionEvent(ActionEvent event);

  /** Samples of one metric in [from, to), ordered by series then time. */
  List<Sample> samples(String metric, Instant from, Instant to);

  long sampleCount();

  List<Detection> detections();

  /** Current state of every alarm, open and cleared, in raise order. */
  List<Alarm> alarms();

  /** Every recorded state of one alarm, oldest first. */
  List<Alarm> alarmHistory(String alarmId);

  List<Diagnosis> diagnoses();

  /** The audit log in recording order. */
  List<ActionEvent> auditLog();

  @Override
  void close();
}
