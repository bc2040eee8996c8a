package io.sextant.alarm;

import io.sextant.alarm.correlate.WindowGrouping;
import io.sextant.alarm.raise.AlarmCatalog;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.FaultKind;
import io.sextant.common.model.Labels;
import io.sextant.common.time.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Feeds an engine events at times (seconds after {@link #T0}) and records every change the
 * listener saw. The clock follows the events, so operator actions happen "now" in the timeline.
 */
final class Timeline {
  static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
  static final String SITE = "central";

  final MutableClock clock = new MutableClock(T0);
  final List<Alarm> changes = new ArrayList<>();
  final AlarmEngine engine;

  Timeline() {
    this(AlarmCatalog.defaults());
  }

  Timeline(AlarmCatalog catalog) {
    this(catalog, WindowGrouping.OFF);
  }

  Timeline(WindowGrouping grouping) {
    this(AlarmCatalog.defaults(), grouping);
  }

  Timeline(AlarmCatalog catalog, WindowGrouping grouping) {
    engine = new AlarmEngine(clock, changes::add, catalog, grouping);
  }

  static Instant t(int seconds) {
    return T0.plusSeconds(seconds);
  }

  Timeline at(int seconds) {
    clock.set(t(seconds));
    return this;
  }

  /** A series is (metric, resource, probe): two probes give two series on one resource. */
  static Detection detection(int seconds, Detection.State state, String metric, String resource, String probe) {
    return new Detection(null, "edge-1", t(seconds), "ewma", metric,
        Labels.of("resource", resource, "probe", probe), resource, state, 0.12, 0.001, 8.5);
  }

  Detection fire(int seconds, String metric, String resource) {
    return fire(seconds, metric, resource, "p1");
  }

  Detection fire(int seconds, String metric, String resource, String probe) {
    Detection d = detection(seconds, Detection.State.FIRING, metric, resource, probe);
    at(seconds).engine.onDetection(d);
    return d;
  }

  void resolve(int seconds, String metric, String resource) {
    resolve(seconds, metric, resource, "p1");
  }

  void resolve(int seconds, String metric, String resource, String probe) {
    at(seconds).engine.onDetection(detection(seconds, Detection.State.RESOLVED, metric, resource, probe));
  }

  Diagnosis diagnose(int seconds, FaultKind kind, String target, List<String> evidence, Map<String, Double> details) {
    Diagnosis d = new Diagnosis(null, SITE, t(seconds), kind, target, 0.93, evidence, details, "link-locator");
    at(seconds).engine.onDiagnosis(d);
    return d;
  }

  /** The one alarm (open or cleared) on this resource and cause raised at that time. */
  Alarm alarm(String resource, String probableCause, int raisedAt) {
    String id = Alarm.idFor(resource, probableCause, t(raisedAt));
    return engine.get(id).orElseThrow(() -> new AssertionError("no alarm " + id + " on " + resource));
  }

  List<Alarm> changesOf(String alarmId) {
    return changes.stream().filter(a -> a.id().equals(alarmId)).toList();
  }
}
