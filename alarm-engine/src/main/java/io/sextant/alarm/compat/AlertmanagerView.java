package io.sextant.alarm.compat;

import io.sextant.alarm.AlarmEngine;
import io.sextant.alarm.notify.AlarmLabels;
import io.sextant.alarm.notify.NotificationPipeline;
import io.sextant.alarm.notify.Route;
import io.sextant.alarm.notify.Suppression;
import io.sextant.common.model.Alarm;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The alerts Alertmanager would list, built on demand: every posted alert not yet resolved (as
 * posted, with Alertmanager's fingerprint and times), and every open alarm no posted alert feeds
 * (Sextant's own detections and diagnoses), shown with its routing labels
 * ({@link AlarmLabels}), its specific problem as the {@code summary} annotation, its raise time as
 * {@code startsAt} and, being open, an end one resolve timeout ahead, as Alertmanager gives an
 * alert without one.
 *
 * <p>Status, receivers and groups come from Sextant's own notification pipeline, matched on the
 * alert's labels over its alarm's routing labels, so they say what Sextant does with the alert.
 * Without a pipeline nothing is suppressed and no receiver is named. Thread-safe; reads take the
 * engine's and the pipeline's locks one after the other, never both.
 */
public final class AlertmanagerView {
  private final AlarmEngine engine;
  private final PostedAlerts posted;
  private final NotificationPipeline pipeline;
  private final Clock clock;

  /**
   * @param posted null when there is no intake
   * @param pipeline null when the engine notifies nobody
   */
  public AlertmanagerView(AlarmEngine engine, PostedAlerts posted, NotificationPipeline pipeline) {
    this.engine = engine;
    this.posted = posted;
    this.pipeline = pipeline;
    this.clock = engine.clock();
  }

  /** The alerts the query selects, in fingerprint order. */
  public List<AlertView> alerts(AlertQuery query) {
    Instant now = clock.instant();
    Map<String, Alarm> openByKey = new LinkedHashMap<>();
    for (Alarm a : engine.open()) {
      openByKey.put(a.key(), a);
    }
    record Candidate(String fingerprint, SortedMap<String, String> labels, SortedMap<String, String> annotations,
        Instant startsAt, Instant endsAt, Instant updatedAt, String generatorURL, Alarm alarm) {}
    List<Candidate> candidates = new ArrayList<>();
    Set<String> fed = new HashSet<>();
    if (posted != null) {
      for (PostedAlert p : posted.all()) {
        fed.add(p.alarmKey());
        if (!p.resolvedAt(now) && query.labelsMatch(p.labels())) {
          candidates.add(new Candidate(p.fingerprint(), p.labels(), p.annotations(), p.startsAt(), p.endsAt(),
              p.updatedAt(), p.generatorURL(), openByKey.get(p.alarmKey())));
        }
      }
    }
    for (Alarm a : openByKey.values()) {
      if (fed.contains(a.key())) {
        continue;
      }
      SortedMap<String, String> labels = new TreeMap<>(AlarmLabels.of(a));
      if (query.labelsMatch(labels)) {
        SortedMap<String, String> annotations = new TreeMap<>();
        annotations.put("summary", a.specificProblem() == null ? a.probableCause() : a.specificProblem());
        annotations.put("alarmId", a.id());
        candidates.add(new Candidate(Fingerprint.of(labels), labels, annotations, a.raisedTime(),
            now.plus(PostedAlerts.RESOLVE_TIMEOUT), a.time(), "", a));
      }
    }
    Map<String, Suppression> held = pipeline == null ? Map.of()
        : pipeline.heldByOthers(candidates.stream().filter(c -> c.alarm() != null).map(c -> c.alarm().id()).toList());
    List<AlertView> out = new ArrayList<>();
    for (Candidate c : candidates) {
      Map<String, String> routing = c.alarm() == null ? c.labels() : overlay(AlarmLabels.of(c.alarm()), c.labels());
      List<String> receivers = pipeline == null ? List.of()
          : pipeline.router().routesFor(routing).stream().map(Route::receiver).distinct().toList();
      List<String> silencedBy = pipeline == null ? List.of() : pipeline.suppressions().silencing(routing, now);
      Suppression h = c.alarm() == null ? null : held.get(c.alarm().id());
      List<String> inhibitedBy = h == null ? List.of() : List.of(h.by());
      String state = silencedBy.isEmpty() && inhibitedBy.isEmpty() ? "active" : "suppressed";
      if (!query.receiversMatch(receivers)
          || (!query.active() && state.equals("active"))
          || (!query.silenced() && !silencedBy.isEmpty())
          || (!query.inhibited() && !inhibitedBy.isEmpty())) {
        continue;
      }
      out.add(new AlertView(c.fingerprint(), c.labels(), c.annotations(), c.startsAt(), c.endsAt(), c.updatedAt(),
          c.generatorURL(), receivers, state, silencedBy, inhibitedBy));
    }
    out.sort(Comparator.comparing(AlertView::fingerprint));
    return out;
  }

  /**
   * The selected alerts grouped as Sextant's routes group them: per route they reach, by the
   * route's {@code groupBy} labels. Groups in receiver, then label order.
   */
  public List<AlertView.Group> groups(AlertQuery query) {
    Map<String, SortedMap<String, String>> labelsOf = new LinkedHashMap<>();
    Map<String, String> receiverOf = new LinkedHashMap<>();
    Map<String, List<AlertView>> members = new TreeMap<>();
    for (AlertView a : alerts(query)) {
      List<Route> routes = pipeline == null ? List.of() : pipeline.router().routesFor(a.labels());
      for (Route r : routes) {
        SortedMap<String, String> g = new TreeMap<>();
        if (r.groupsByAll()) {
          g.putAll(a.labels());
        } else {
          r.groupBy().forEach(l -> {
            if (a.labels().containsKey(l)) {
              g.put(l, a.labels().get(l));
            }
          });
        }
        String key = r.receiver() + "\u0000" + r.name() + "\u0000" + g;
        labelsOf.putIfAbsent(key, g);
        receiverOf.putIfAbsent(key, r.receiver());
        members.computeIfAbsent(key, k -> new ArrayList<>()).add(a);
      }
    }
    List<AlertView.Group> out = new ArrayList<>();
    members.forEach((k, alerts) -> out.add(new AlertView.Group(labelsOf.get(k), receiverOf.get(k), alerts)));
    return out;
  }

  /** Every receiver by name (Alertmanager's {@code GET /api/v2/receivers}). */
  public List<String> receivers() {
    return pipeline == null ? List.of() : pipeline.receiverNames();
  }

  private static Map<String, String> overlay(Map<String, String> base, Map<String, String> top) {
    Map<String, String> m = new TreeMap<>(base);
    m.putAll(top);
    return m;
  }
}
