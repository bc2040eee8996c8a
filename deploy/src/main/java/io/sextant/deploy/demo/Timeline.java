package io.sextant.deploy.demo;

import io.sextant.common.bus.Bus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionKind;
import io.sextant.common.model.Command;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.RankedCause;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The demo's live timeline: listens on the bus like any other consumer and formats what happens
 * as one line per event. Events of one window arrive on several consumer threads; they are
 * buffered and handed out sorted by event time, so the printed order is stable.
 */
public final class Timeline implements AutoCloseable {
  /** One printed line; {@code rank} orders events of the same instant by pipeline stage. */
  public record Entry(Instant time, int rank, String text) {}

  private final Instant origin;
  private final List<Entry> pending = new ArrayList<>();
  private final java.util.Set<String> seenAlarms = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final List<Bus.Subscription> subscriptions = new ArrayList<>();

  public Timeline(MessageBus bus, Instant origin) {
    this.origin = origin;
    subscriptions.add(bus.subscribe(Topic.DETECTIONS, "timeline", this::detection));
    subscriptions.add(bus.subscribe(Topic.ALARMS, "timeline", this::alarm));
    subscriptions.add(bus.subscribe(Topic.DIAGNOSES, "timeline", this::diagnosis));
    subscriptions.add(bus.subscribe(Topic.ACTION_EVENTS, "timeline", this::action));
    subscriptions.add(bus.subscribe(Topic.COMMANDS, "timeline", this::command));
  }

  public synchronized void add(Instant time, int rank, String text) {
    pending.add(new Entry(time, rank, text));
  }

  /** The lines gathered since the last call, oldest first, formatted with a T+ offset. */
  public synchronized List<String> drain() {
    pending.sort(Comparator.comparing(Entry::time).thenComparingInt(Entry::rank));
    List<String> out = pending.stream().map(e -> offset(e.time()) + "  " + e.text()).toList();
    pending.clear();
    return out;
  }

  public String offset(Instant t) {
    long s = Duration.between(origin, t).toSeconds();
    return String.format(Locale.ROOT, "T+%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
  }

  private void detection(Detection d) {
    String verb = d.state() == Detection.State.FIRING ? "DETECTED" : "NORMAL  ";
    add(d.time(), 1, String.format(Locale.ROOT, "%s  %-7s %s %s = %s (baseline %s, score %.2f)", verb, d.site(),
        d.resource(), d.metric(), num(d.observed()), num(d.expected()), d.score()));
  }

  private void alarm(Alarm a) {
    boolean seen = !seenAlarms.add(a.id());
    String what = switch (a.state()) {
      case RAISED -> seen ? "ALARM GROUPED" : "ALARM RAISED ";
      case UPDATED -> "ALARM UPDATED";
      case CLEARED -> "ALARM CLEARED";
    };
    if (a.state() == Alarm.State.UPDATED && a.parentAlarmId() == null && !a.rootCause()) {
      return; // plain repeat counts are noise on a timeline
    }
    String corr = a.rootCause() ? " ROOT CAUSE of " + a.correlatedAlarmIds().size() + " alarm(s)"
        : a.parentAlarmId() != null ? " (symptom of " + a.parentAlarmId() + ")" : "";
    add(a.time(), 2, String.format(Locale.ROOT, "%s %s %s %s on %s%s", what, a.id(), a.perceivedSeverity(),
        a.probableCause(), a.resource(), corr));
  }

  private void diagnosis(Diagnosis d) {
    List<RankedCause> ranking = RankedCause.of(d);
    add(d.time(), 3, String.format(Locale.ROOT, "LOCATED       %s at %s (confidence %.2f, by %s, evidence: %d) %s",
        d.kind(), d.target(), d.confidence(), d.locator(), d.evidence().size(), !ranking.isEmpty()
            ? "ranked " + ranking.stream().map(c -> String.format(Locale.ROOT, "%d. %s (%.2f, z %.0f)", c.rank(),
                c.resource(), c.confidence(), c.anomaly())).collect(java.util.stream.Collectors.joining(", "))
            : d.details().isEmpty() ? "" : d.details().toString()));
  }

  private void action(ActionEvent e) {
    add(e.time(), 4, String.format(Locale.ROOT, "ACTION %-11s %s %s %s [%s] %s", e.state(), e.action().kind(),
        e.action().target(), e.action().params(), e.site(), e.detail()));
  }

  /** The centre's commands to sites: the protection probes of a rerouted link start and stop. */
  private void command(Command c) {
    if (c.action() == null || c.action().kind() != ActionKind.PROBE) {
      return;
    }
    boolean start = c.kind() == Command.Kind.APPLY;
    add(c.time(), 5, String.format(Locale.ROOT, "%s %s -> %s across %s (%s probes a window)",
        start ? "PROBE START  " : "PROBE STOP   ", c.site(), c.action().params().get("peer"), c.action().target(),
        c.action().params().get("probes")));
  }

  private static String num(double v) {
    return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3f", v);
  }

  @Override
  public void close() {
    subscriptions.forEach(Bus.Subscription::close);
  }
}
