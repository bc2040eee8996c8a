package io.sextant.alarm.persist;

import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.Sample;
import io.sextant.common.store.Store;
import io.sextant.common.store.StoreException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real store with a hand on its alarm writes, as testkit's {@code CuttableBus} is for the bus:
 * cut, they fail as a server that does not answer does (retryable); held, the next one waits for
 * {@link #release}; with {@link #loseNextAnswer}, the next one commits and then fails as if its
 * answer were lost. Every batch that reached the store is recorded by its size.
 */
final class ControlledStore implements Store {
  private final Store store;
  private volatile boolean cut;
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private final CountDownLatch holding = new CountDownLatch(1);
  final List<Integer> batches = new CopyOnWriteArrayList<>();
  /** How each batch reached the store: "write" (through its redelivery rules) or "append". */
  final List<String> kinds = new CopyOnWriteArrayList<>();
  private volatile boolean loseNextAnswer;

  ControlledStore(Store store) {
    this.store = store;
  }

  void cut(boolean cut) {
    this.cut = cut;
  }

  /** The next alarm write waits in the store until {@link #release}. */
  void hold() {
    gate = new CountDownLatch(1);
  }

  void release() {
    gate.countDown();
  }

  /** Waits until a write is held at the gate. */
  boolean awaitHeld(long seconds) throws InterruptedException {
    return holding.await(seconds, TimeUnit.SECONDS);
  }

  @Override
  public void writeAlarms(List<Alarm> changes) {
    control();
    store.writeAlarms(changes);
    written("write", changes);
  }

  @Override
  public void appendAlarms(List<Alarm> changes, List<byte[]> docs) {
    control();
    store.appendAlarms(changes, docs);
    written("append", changes);
  }

  /** The next alarm write commits, then fails as a connection lost before the answer does (retryable). */
  void loseNextAnswer() {
    loseNextAnswer = true;
  }

  private void control() {
    if (cut) {
      throw new StoreException("cannot write alarms: connection refused (cut by the test)", true, null);
    }
    if (gate.getCount() > 0) {
      holding.countDown();
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void written(String kind, List<Alarm> changes) {
    batches.add(changes.size());
    kinds.add(kind);
    if (loseNextAnswer) {
      loseNextAnswer = false;
      throw new StoreException("connection reset after the commit (the answer lost by the test)", true, null);
    }
  }

  @Override
  public void writeAlarm(Alarm alarm) {
    writeAlarms(List.of(alarm));
  }

  @Override
  public int writeSamples(List<Sample> samples) {
    return store.writeSamples(samples);
  }

  @Override
  public void writeDetection(Detection detection) {
    store.writeDetection(detection);
  }

  @Override
  public void writeDiagnosis(Diagnosis diagnosis) {
    store.writeDiagnosis(diagnosis);
  }

  @Override
  public void writeActionEvent(ActionEvent event) {
    store.writeActionEvent(event);
  }

  @Override
  public List<Sample> samples(String metric, Instant from, Instant to) {
    return store.samples(metric, from, to);
  }

  @Override
  public long sampleCount() {
    return store.sampleCount();
  }

  @Override
  public List<Detection> detections() {
    return store.detections();
  }

  @Override
  public List<Alarm> alarms() {
    return store.alarms();
  }

  @Override
  public List<Alarm> alarmHistory(String alarmId) {
    return store.alarmHistory(alarmId);
  }

  @Override
  public List<Diagnosis> diagnoses() {
    return store.diagnoses();
  }

  @Override
  public List<ActionEvent> auditLog() {
    return store.auditLog();
  }

  @Override
  public void close() {
    store.close();
  }
}
