package io.sextant.alarm.notify;

import io.sextant.common.model.Alarm;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Alertmanager's aggregation groups. Each route and set of group-by values is a group; a new group
 * flushes after its route's group wait, then every group interval. A flush notifies when the group
 * has a firing alarm not in the last notification, a newly cleared alarm, or (all cleared) the last
 * notification had firing ones; otherwise an unchanged group is re-sent after the repeat interval.
 * As in Alertmanager, an alarm raised and cleared before the first flush is never notified, and a
 * failed delivery is tried again at the next flush (the log only moves on delivery). A route muted
 * by its time intervals skips its flushes until they let it speak.
 * Not thread-safe: the pipeline serialises calls.
 */
final class Dispatcher {
  /** A planned group notification, to be confirmed by {@link #delivered}. */
  record Planned(String groupKey, Set<String> firing, Set<String> resolved, Notification notification) {}

  private static final class Group {
    final Route route;
    final String key;
    final Map<String, String> groupLabels;
    final Map<String, Alarm> alarms = new LinkedHashMap<>();
    Instant nextFlush;
    Instant lastSent;
    Set<String> lastFiring;
    Set<String> lastResolved = Set.of();

    Group(Route route, String key, Map<String, String> groupLabels, Instant nextFlush) {
      this.route = route;
      this.key = key;
      this.groupLabels = groupLabels;
      this.nextFlush = nextFlush;
    }
  }

  private final Router router;
  private final Map<String, Group> groups = new LinkedHashMap<>();
  private final Map<String, Set<String>> groupsOfAlarm = new HashMap<>();
  /** Log entries read at start whose group has not formed again yet, by group key. */
  private final Map<String, NotificationLog.Entry> remembered = new HashMap<>();

  Dispatcher(Router router) {
    this(router, List.of());
  }

  Dispatcher(Router router, List<NotificationLog.Entry> log) {
    this.router = router;
    log.forEach(e -> remembered.put(e.groupKey(), e));
  }

  void offer(Alarm alarm, Map<String, String> labels, Instant now) {
    for (Route route : router.routesFor(labels)) {
      Map<String, String> groupLabels = new TreeMap<>();
      if (route.groupsByAll()) {
        groupLabels.putAll(labels);
      } else {
        route.groupBy().forEach(l -> {
          if (labels.containsKey(l)) {
            groupLabels.put(l, labels.get(l));
          }
        });
      }
      String key = route.name() + groupLabels;
      Group g = groups.computeIfAbsent(key, k -> resumed(new Group(route, k, groupLabels, now.plus(route.groupWait()))));
      g.alarms.put(alarm.id(), alarm);
      groupsOfAlarm.computeIfAbsent(alarm.id(), k -> new HashSet<>()).add(key);
    }
  }

  /** A group formed again after a restart starts from what its receiver was last told. */
  private Group resumed(Group g) {
    NotificationLog.Entry e = remembered.remove(g.key);
    if (e != null && e.receiver().equals(g.route.receiver())) {
      g.lastSent = e.sentAt();
      g.lastFiring = e.firing();
      g.lastResolved = e.resolved();
    }
    return g;
  }

  /** Takes an alarm out of every group (it became a symptom: its root speaks for it). */
  void drop(String alarmId) {
    Set<String> keys = groupsOfAlarm.remove(alarmId);
    if (keys != null) {
      for (String key : keys) {
        Group g = groups.get(key);
        if (g != null) {
          g.alarms.remove(alarmId);
        }
      }
    }
  }

  List<Planned> due(Instant now, Function<Alarm, Optional<Suppression>> suppression) {
    List<Planned> planned = new ArrayList<>();
    for (Iterator<Group> it = groups.values().iterator(); it.hasNext(); ) {
      Group g = it.next();
      if (now.isBefore(g.nextFlush)) {
        continue;
      }
      g.nextFlush = now.plus(g.route.groupInterval());
      if (g.route.mutedAt(now)) {
        // As Alertmanager: a muted route sends nothing and logs nothing, so the first flush after
        // the mute ends sends what is still to say.
        continue;
      }
      List<Alarm> send = new ArrayList<>();
      Set<String> firing = new HashSet<>();
      Set<String> resolved = new HashSet<>();
      for (Iterator<Alarm> ai = g.alarms.values().iterator(); ai.hasNext(); ) {
        Alarm a = ai.next();
        if (suppression.apply(a).isPresent()) {
          if (a.cleared()) {
            ai.remove(); // a muted alarm that cleared has nothing left to say
            forget(a.id(), g.key);
          }
          continue;
        }
        send.add(a);
        (a.cleared() ? resolved : firing).add(a.id());
      }
      if (!send.isEmpty() && needsUpdate(g, firing, resolved, now)) {
        planned.add(new Planned(g.key, firing, resolved,
            new Notification(g.route.receiver(), g.key, g.groupLabels, send, "group", now)));
      } else if (firing.isEmpty() && g.lastFiring == null) {
        // Never notified and nothing firing: raised and cleared within the group wait.
        resolved.forEach(id -> {
          g.alarms.remove(id);
          forget(id, g.key);
        });
      }
      if (g.alarms.isEmpty()) {
        it.remove();
      }
    }
    return planned;
  }

  void delivered(Planned p, Instant now) {
    Group g = groups.get(p.groupKey());
    if (g == null) {
      return;
    }
    g.lastSent = now;
    g.lastFiring = p.firing();
    g.lastResolved = p.resolved();
    p.resolved().forEach(id -> {
      g.alarms.remove(id);
      forget(id, g.key);
    });
    if (g.alarms.isEmpty()) {
      groups.remove(g.key);
    }
  }

  int groupCount() {
    return groups.size();
  }

  private void forget(String alarmId, String groupKey) {
    Set<String> keys = groupsOfAlarm.get(alarmId);
    if (keys != null) {
      keys.remove(groupKey);
      if (keys.isEmpty()) {
        groupsOfAlarm.remove(alarmId);
      }
    }
  }

  private static boolean needsUpdate(Group g, Set<String> firing, Set<String> resolved, Instant now) {
    if (g.lastFiring == null) {
      return !firing.isEmpty();
    }
    if (!g.lastFiring.containsAll(firing)) {
      return true;
    }
    if (firing.isEmpty()) {
      return !g.lastFiring.isEmpty();
    }
    if (!g.lastResolved.containsAll(resolved)) {
      return true;
    }
    return !now.isBefore(g.lastSent.plus(g.route.repeatInterval()));
  }
}
