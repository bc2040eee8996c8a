package io.sextant.deploy.assembly;

import io.sextant.alarm.AlarmEngine;
import io.sextant.alarm.raise.AlarmCatalog;
import io.sextant.central.diagnose.Diagnoser;
import io.sextant.central.ingest.Ingest;
import io.sextant.central.locate.LinkLocalizer;
import io.sextant.central.loop.ClosedLoop;
import io.sextant.central.state.LiveState;
import io.sextant.common.action.Actuator;
import io.sextant.common.bus.Bus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.store.Store;
import io.sextant.runbook.model.Runbook;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The central site's pipeline, assembled in one place: ingest (bus → store, live state) →
 * diagnoser (link localization, GPU node rule) → alarm engine (alarms, correlation) and closed
 * loop (runbook → guard → action → verify → rollback) → audit log.
 */
public final class Central implements AutoCloseable {
  public static final String SITE = "central";

  private final LiveState state = new LiveState();
  private final AlarmEngine alarms;
  private final Diagnoser diagnoser;
  private final ClosedLoop loop;
  private final Ingest ingest;
  private final List<Bus.Subscription> subscriptions = new ArrayList<>();

  public Central(Clock clock, MessageBus bus, Store store, Actuator actuator, List<Runbook> runbooks) {
    alarms = new AlarmEngine(clock, alarm -> {
      store.writeAlarm(alarm);
      bus.publish(Topic.ALARMS, alarm.key(), alarm);
    }, AlarmCatalog.defaults());
    diagnoser = new Diagnoser(clock, SITE, actuator::topology, state, new LinkLocalizer(),
        Diagnoser.Settings.defaults(), d -> bus.publish(Topic.DIAGNOSES, d.target(), d));
    loop = new ClosedLoop(clock, actuator, runbooks, state, e -> bus.publish(Topic.ACTION_EVENTS, e.action().id(), e));
    ingest = new Ingest(bus, store, state, diagnoser::onDetection);
    subscriptions.add(bus.subscribe(Topic.DETECTIONS, "alarm-engine", alarms::onDetection));
    subscriptions.add(bus.subscribe(Topic.DIAGNOSES, "alarm-engine", alarms::onDiagnosis));
    subscriptions.add(bus.subscribe(Topic.DIAGNOSES, "closed-loop", loop::onDiagnosis));
  }

  /** One round of the periodic work: localization, then verification of applied actions. */
  public void tick() {
    diagnoser.tick();
    loop.tick();
  }

  public AlarmEngine alarms() {
    return alarms;
  }

  public LiveState state() {
    return state;
  }

  public ClosedLoop loop() {
    return loop;
  }

  @Override
  public void close() {
    ingest.close();
    subscriptions.forEach(Bus.Subscription::close);
  }
}
