package io.sextant.alarm.notify;

import io.sextant.alarm.AlarmEngine;
import io.sextant.alarm.escalate.EscalationPolicy;
import io.sextant.alarm.flap.FlapDetector;
import io.sextant.alarm.ingest.AlertIntake;
import io.sextant.alarm.raise.AlarmCatalog;
import io.sextant.alarm.silence.Suppressions;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.FaultKind;
import io.sextant.common.model.Labels;
import io.sextant.common.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Engine and notification pipeline on one controllable clock: {@code push} events at seconds
 * after T0, {@code tickAt} runs the pipeline at a time, and the recorders say what each receiver
 * was told when (Alertmanager's acceptance tests, {@code Push(At(1), …)} / {@code Want(…)}).
 */
final class NotifyTimeline {
  static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

  final MutableClock clock = new MutableClock(T0);
  final Map<String, Recorder> receivers = new LinkedHashMap<>();
  final NotificationPipeline pipeline;
  final AlarmEngine engine;
  final AlertIntake intake;

  NotifyTimeline(Router router, Suppressions suppressions, FlapDetector flaps, EscalationPolicy escalation,
      String... receiverNames) {
    Map<String, Notifier> notifiers = new LinkedHashMap<>();
    for (String name : receiverNames) {
      Recorder r = new Recorder();
      receivers.put(name, r);
      notifiers.put(name, r);
    }
    pipeline = new NotificationPipeline(clock, router, notifiers, suppressions, flaps, escalation);
    engine = new AlarmEngine(clock, pipeline, AlarmCatalog.defaults());
    intake = new AlertIntake(engine);
  }

  static Instant t(long seconds) {
    return T0.plusSeconds(seconds);
  }

  /** A route with short timings: wait 10 s, interval 60 s, repeat 1 h. */
  static Route route(String name, String receiver, List<String> matchers, String... groupBy) {
    return Route.to(name, receiver, io.sextant.common.match.Matcher.parseAll(matchers), List.of(groupBy))
        .timings(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofHours(1));
  }

  NotifyTimeline at(long seconds) {
    clock.set(t(seconds));
    return this;
  }

  List<Delivery> tickAt(long seconds) {
    return at(seconds).pipeline.tick();
  }

  /** Ticks every {@code step} seconds in [from, to]. */
  void tickEvery(long from, long to, long step) {
    for (long s = from; s <= to; s += step) {
      tickAt(s);
    }
  }

  void fire(long seconds, String metric, String resource) {
    at(seconds).engine.onDetection(detection(seconds, Detection.State.FIRING, metric, resource));
  }

  void resolve(long seconds, String metric, String resource) {
    at(seconds).engine.onDetection(detection(seconds, Detection.State.RESOLVED, metric, resource));
  }

  static Detection detection(long seconds, Detection.State state, String metric, String resource) {
    return new Detection(null, "edge-1", t(seconds), "ewma", metric, Labels.of("resource", resource), resource, state,
        0.12, 0.001, 8.5);
  }

  void diagnose(long seconds, String link, List<String> evidence) {
    at(seconds).engine.onDiagnosis(new Diagnosis(null, "central", t(seconds), FaultKind.LINK_LOSS, link, 0.93,
        evidence, Map.of("loss_ratio", 0.12), "link-locator"));
  }

  /** Posts one alert to the Alertmanager intake, as Prometheus would. */
  void alert(long seconds, String labelsJson, boolean resolved) {
    at(seconds);
    String endsAt = resolved ? ",\"endsAt\":\"" + t(seconds) + "\"" : "";
    intake.post(("[{\"labels\":{" + labelsJson + "},\"startsAt\":\"" + t(seconds) + "\"" + endsAt + "}]")
        .getBytes(StandardCharsets.UTF_8));
  }

  List<Notification> sent(String receiver) {
    return receivers.get(receiver).sent;
  }

  /** Each notification as "at status resources", e.g. "10 firing [path:a, path:b]". */
  List<String> summary(String receiver) {
    List<String> out = new ArrayList<>();
    for (Notification n : sent(receiver)) {
      out.add((n.at().getEpochSecond() - T0.getEpochSecond()) + " " + n.status() + " " + n.reason() + " "
          + n.alarms().stream().map(a -> a.resource() + (a.cleared() ? "(cleared)" : "")).toList());
    }
    return out;
  }

  Alarm open(String resource) {
    return engine.open().stream().filter(a -> a.resource().equals(resource)).findFirst()
        .orElseThrow(() -> new AssertionError("no open alarm on " + resource));
  }
}
