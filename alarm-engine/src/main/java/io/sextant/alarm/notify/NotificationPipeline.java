package io.sextant.alarm.notify;

import io.sextant.alarm.AlarmListener;
import io.sextant.alarm.UnknownAlarmException;
import io.sextant.alarm.escalate.EscalationPolicy;
import io.sextant.alarm.flap.FlapDetector;
import io.sextant.alarm.notify.Suppression.Kind;
import io.sextant.alarm.silence.Suppressions;
import io.sextant.common.model.Alarm;
import java.time.Clock;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The notification pipeline, in one place. On every alarm change (it is the engine's, or a
 * chained, {@link AlarmListener}) it only records state; {@link #tick()} then decides and sends:
 *
 * <pre>
 *  alarm change ─► symptom? (parent set: dropped, the root speaks) ─► route (label matchers)
 *     ─► aggregation group ─► at flush: suppressed? ─► receiver ─► Retrying ─► Delivery log
 *                                        │ silence / maintenance window / inhibition / flapping
 *  tick also: flapping notice (once per flapping episode), escalation of unacked alarms
 * </pre>
 *
 * Suppression is checked in this order and the first match is the answer {@link #explain} gives:
 * symptom, silence, maintenance window, inhibition, flapping.
 *
 * <p><b>Threading.</b> {@link #changed} and the planning half of {@link #tick} share a lock and
 * never do I/O, so the engine (which calls {@code changed} under its own lock) is never held up
 * by a slow receiver; deliveries run outside the lock on the thread calling {@link #tick}.
 * Call {@code tick} from one thread (a scheduler, or the test's timeline).
 *
 * <p><b>Replays.</b> {@code changed} is idempotent per alarm state: if a listener chained after
 * this one fails and the engine replays the input, the same states arrive again and change
 * nothing. Chain it after the store's listener so an alarm is persisted before it is notified.
 */
public final class NotificationPipeline implements AlarmListener {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(NotificationPipeline.class);
  public static final int RETAINED_CLEARED = 10_000;
  public static final int RETAINED_DELIVERIES = 1_000;

  private final Clock clock;
  private final Router router;
  private final Map<String, Notifier> receivers;
  private final Suppressions suppressions;
  private final FlapDetector flaps;
  private final EscalationPolicy escalation;
  private final Dispatcher dispatcher;
  private final NotificationLog log;
  /** Delivered notifications whose log entry could not be written (a restart may repeat them). */
  private final LongAdder logFailures = new LongAdder();

  private final Map<String, Alarm> alarms = new LinkedHashMap<>();
  /** The newest alarm of each key among {@link #alarms}: a flapping key's notice names it (a lookup, not a scan). */
  private final Map<String, Alarm> latestByKey = new HashMap<>();
  private final Map<String, Map<String, String>> labels = new HashMap<>();
  private final ArrayDeque<String> clearedOrder = new ArrayDeque<>();
  private final Map<String, Integer> escalated = new HashMap<>();
  private final Map<String, Instant> escalatedAt = new HashMap<>();
  private final Set<String> flapNoticeSent = new HashSet<>();
  /** Flapping keys whose notice is not sent yet: looked at again every tick until it is, or they settle. */
  private final Set<String> flapNoticeWaiting = new HashSet<>();
  private final ArrayDeque<Delivery> deliveries = new ArrayDeque<>();
  /** Delivery attempts since the start, by receiver and outcome (retries inside a receiver's stage count once). */
  private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
  /** True only while a tick plans, under the lock; the snapshot is then taken once, when first needed. */
  private boolean planning;
  private Suppressions.Sources openSnapshot;

  /**
   * @param receivers by name, each already wrapped in its {@link Retrying} stage (see
   *     {@link #withRetry}); every route's and escalation level's receiver must be here
   */
  public NotificationPipeline(Clock clock, Router router, Map<String, Notifier> receivers, Suppressions suppressions,
      FlapDetector flaps, EscalationPolicy escalation) {
    this(clock, router, receivers, suppressions, flaps, escalation, NotificationLog.NONE);
  }

  /**
   * @param log what groups were last notified: read now (a restarted centre resumes from it) and
   *     written after every delivered group notification
   */
  public NotificationPipeline(Clock clock, Router router, Map<String, Notifier> receivers, Suppressions suppressions,
      FlapDetector flaps, EscalationPolicy escalation, NotificationLog log) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.router = Objects.requireNonNull(router, "router");
    this.receivers = Map.copyOf(receivers);
    this.suppressions = Objects.requireNonNull(suppressions, "suppressions");
    this.flaps = Objects.requireNonNull(flaps, "flaps");
    this.escalation = Objects.requireNonNull(escalation, "escalation");
    this.log = Objects.requireNonNull(log, "log");
    this.dispatcher = new Dispatcher(router, log.entries());
    for (Route r : router.all()) {
      requireReceiver(r.receiver(), "route " + r.name());
    }
    escalation.levels().forEach(l -> requireReceiver(l.receiver(), "escalation level"));
  }

  /** Wraps each receiver in the retry stage. */
  public static Map<String, Notifier> withRetry(Map<String, Notifier> receivers, RetryPolicy policy, Sleeper sleeper) {
    Map<String, Notifier> out = new LinkedHashMap<>();
    receivers.forEach((name, n) -> out.put(name, new Retrying(n, policy, sleeper)));
    return out;
  }

  public Clock clock() {
    return clock;
  }

  public Suppressions suppressions() {
    return suppressions;
  }

  public Router router() {
    return router;
  }

  /** Every receiver's name, in name order. */
  public List<String> receiverNames() {
    return receivers.keySet().stream().sorted().toList();
  }

  /**
   * Which of these alarms are held back by another alarm (a root cause they are a symptom of, or
   * an inhibition rule), by alarm id; silences, windows and flapping are not in it. One snapshot of
   * the open alarms serves the whole list. Unknown ids are left out.
   */
  public synchronized Map<String, Suppression> heldByOthers(java.util.Collection<String> alarmIds) {
    Map<String, Suppression> out = new HashMap<>();
    Suppressions.Sources open = null;
    for (String id : alarmIds) {
      Alarm alarm = alarms.get(id);
      if (alarm == null) {
        continue;
      }
      if (alarm.parentAlarmId() != null) {
        out.put(id, new Suppression(Kind.SYMPTOM, alarm.parentAlarmId(), "symptom of " + alarm.parentAlarmId()));
      } else if (!suppressions.rules().isEmpty()) {
        open = open != null ? open : suppressions.sources(openAlarms());
        suppressions.inhibited(alarm, labels.get(id), open).ifPresent(s -> out.put(id, s));
      }
    }
    return out;
  }

  @Override
  public synchronized void changed(Alarm alarm) {
    Alarm before = alarms.put(alarm.id(), alarm);
    latestByKey.merge(alarm.key(), alarm, (known, a) -> a.time().isBefore(known.time()) ? known : a);
    Map<String, String> l = AlarmLabels.of(alarm);
    labels.put(alarm.id(), l);
    if (before == null) {
      flaps.record(alarm.key(), alarm.raisedTime());
    }
    if (alarm.cleared() && (before == null || !before.cleared())) {
      flaps.record(alarm.key(), alarm.clearedTime());
      clearedOrder.add(alarm.id());
      prune();
    }
    if (!NotifyPolicy.shouldNotify(alarm)) {
      dispatcher.drop(alarm.id());
      return;
    }
    dispatcher.offer(alarm, l, clock.instant());
  }

  /**
   * Plans what is due at the clock's now (flapping notices, group flushes, escalations), delivers
   * it through the receivers (retrying as their stage says), records the outcomes and returns them.
   */
  public List<Delivery> tick() {
    Instant now = clock.instant();
    List<Dispatcher.Planned> groupSends = new ArrayList<>();
    List<Notification> others = new ArrayList<>();
    synchronized (this) {
      // One snapshot of the inhibition sources per tick, not one per alarm checked, and none in a
      // tick that checks no alarm (most ticks: no group is due).
      planning = true;
      try {
        others.addAll(flappingNotices(now));
        groupSends.addAll(dispatcher.due(now, a -> suppression(a, now)));
        others.addAll(escalations(now));
      } finally {
        planning = false;
        openSnapshot = null;
      }
    }
    List<Delivery> done = new ArrayList<>();
    List<Dispatcher.Planned> delivered = new ArrayList<>();
    for (Dispatcher.Planned p : groupSends) {
      Delivery d = deliver(p.notification());
      done.add(d);
      if (d.outcome().delivered()) {
        delivered.add(p);
      }
    }
    for (Notification n : others) {
      done.add(deliver(n));
    }
    delivered.forEach(p -> remember(p, now));
    synchronized (this) {
      delivered.forEach(p -> dispatcher.delivered(p, now));
      for (Delivery d : done) {
        outcomes.computeIfAbsent(outcomeKey(d.notification().receiver(), d.outcome().status()),
            k -> new LongAdder()).increment();
        deliveries.add(d);
        if (deliveries.size() > RETAINED_DELIVERIES) {
          deliveries.poll();
        }
      }
    }
    return done;
  }

  /**
   * Logs a delivered group notification before the dispatcher moves on. A log that fails costs at
   * most one repeat after a restart, never a notification now: counted and warned, not retried.
   */
  private void remember(Dispatcher.Planned p, Instant now) {
    try {
      log.delivered(new NotificationLog.Entry(p.groupKey(), p.notification().receiver(), now, p.firing(),
          p.resolved()));
    } catch (RuntimeException e) {
      logFailures.increment();
      LOG.warn("notification of group {} delivered but not logged (a restart may repeat it): {}", p.groupKey(),
          e.toString());
    }
  }

  /** Delivered notifications whose log entry could not be written since the start. */
  public long logFailures() {
    return logFailures.sum();
  }

  /** Why the alarm is not notified now, or empty if it would be. */
  public synchronized Optional<Suppression> explain(String alarmId) {
    Alarm alarm = alarms.get(alarmId);
    if (alarm == null) {
      throw new UnknownAlarmException(alarmId);
    }
    return suppression(alarm, clock.instant());
  }

  /** Notifications handed to {@code receiver} since the start that ended with {@code status}. */
  public long outcomes(String receiver, Outcome.Status status) {
    var n = outcomes.get(outcomeKey(receiver, status));
    return n == null ? 0 : n.sum();
  }

  private static String outcomeKey(String receiver, Outcome.Status status) {
    return receiver + '\0' + status;
  }

  /** The most recent deliveries, oldest first. */
  public synchronized List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  // ---- planning, under the lock ----

  private Optional<Suppression> suppression(Alarm alarm, Instant now) {
    if (alarm.parentAlarmId() != null) {
      return Optional.of(new Suppression(Kind.SYMPTOM, alarm.parentAlarmId(),
          "symptom of root-cause alarm " + alarm.parentAlarmId() + ", which is notified instead"));
    }
    Map<String, String> l = labels.get(alarm.id());
    Optional<Suppression> s = suppressions.silenced(l, now);
    if (s.isPresent()) {
      return s;
    }
    if (!suppressions.rules().isEmpty()) {
      s = suppressions.inhibited(alarm, l, inhibitionSources());
      if (s.isPresent()) {
        return s;
      }
    }
    if (flaps.isFlapping(alarm.key()) && flapNoticeSent.contains(alarm.key())) {
      return Optional.of(new Suppression(Kind.FLAPPING, alarm.key(),
          "alarm key " + alarm.key() + " is flapping; notified once when it started, quiet until it settles"));
    }
    return Optional.empty();
  }

  private Suppressions.Sources inhibitionSources() {
    if (!planning) {
      return suppressions.sources(openAlarms());
    }
    if (openSnapshot == null) {
      openSnapshot = suppressions.sources(openAlarms());
    }
    return openSnapshot;
  }

  /** The open alarms with their labels: inhibition sources. */
  private List<Map.Entry<Alarm, Map<String, String>>> openAlarms() {
    List<Map.Entry<Alarm, Map<String, String>>> open = new ArrayList<>();
    alarms.values().stream().filter(a -> !a.cleared())
        .forEach(a -> open.add(new AbstractMap.SimpleImmutableEntry<>(a, labels.get(a.id()))));
    return open;
  }

  private List<Notification> flappingNotices(Instant now) {
    List<Notification> out = new ArrayList<>();
    // Only the keys whose flapping may have changed (indexed by when their transitions age out),
    // and the flapping ones whose notice waits (silenced, a symptom, or no alarm to show yet).
    Set<String> keys = flaps.due(now);
    keys.addAll(flapNoticeWaiting);
    for (String key : keys) {
      boolean flapping = flaps.update(key, now);
      if (!flapping) {
        flapNoticeSent.remove(key);
        flapNoticeWaiting.remove(key);
        continue;
      }
      if (flapNoticeSent.contains(key)) {
        continue;
      }
      Alarm latest = latestOf(key);
      // Silences and inhibition still apply to the notice; flapping itself must not mute it.
      if (latest == null || latest.parentAlarmId() != null
          || suppressions.silenced(labels.get(latest.id()), now).isPresent()) {
        flapNoticeWaiting.add(key);
        continue;
      }
      Map<String, String> l = labels.get(latest.id());
      flapNoticeWaiting.remove(key);
      flapNoticeSent.add(key);
      for (Route route : router.routesFor(l)) {
        out.add(new Notification(route.receiver(), "flapping:" + key, Map.of("flapping", key), List.of(latest),
            "flapping", now));
      }
    }
    return out;
  }

  private List<Notification> escalations(Instant now) {
    List<Notification> out = new ArrayList<>();
    if (escalation.levels().isEmpty()) {
      return out; // nothing to escalate to: no need to visit every alarm each tick
    }
    for (Alarm a : alarms.values()) {
      if (!escalation.applies(a) || suppression(a, now).isPresent()) {
        continue;
      }
      int level = escalation.levelAt(a, now);
      String reason;
      if (level > escalated.getOrDefault(a.id(), -1)) {
        reason = "escalation level " + (level + 1);
      } else if (level >= 0 && escalation.renotifyEvery() != null
          && !now.isBefore(escalatedAt.get(a.id()).plus(escalation.renotifyEvery()))) {
        reason = "escalation level " + (level + 1) + " repeated";
      } else {
        continue;
      }
      escalated.put(a.id(), level);
      escalatedAt.put(a.id(), now);
      out.add(new Notification(escalation.levels().get(level).receiver(), "escalation:" + a.id(),
          Map.of("escalation", Integer.toString(level + 1)), List.of(a), reason, now));
    }
    return out;
  }

  private Alarm latestOf(String key) {
    return latestByKey.get(key);
  }

  private void prune() {
    while (clearedOrder.size() > RETAINED_CLEARED) {
      String id = clearedOrder.poll();
      Alarm gone = alarms.remove(id);
      Alarm latest = gone == null ? null : latestByKey.get(gone.key());
      if (latest != null && latest.id().equals(id)) {
        latestByKey.remove(gone.key());
      }
      labels.remove(id);
      escalated.remove(id);
      escalatedAt.remove(id);
    }
  }

  // ---- delivery, outside the lock ----

  private Delivery deliver(Notification n) {
    Outcome outcome;
    try {
      outcome = receivers.get(n.receiver()).send(n);
    } catch (RuntimeException e) {
      // A receiver bug must not stop the other notifications of this tick.
      outcome = Outcome.failed("receiver threw " + e);
    }
    return new Delivery(n, outcome);
  }

  private void requireReceiver(String name, String usedBy) {
    if (!receivers.containsKey(name)) {
      throw new IllegalArgumentException(usedBy + " names receiver '" + name + "', which is not configured");
    }
  }
}
