package io.sextant.node.central.http;

import io.sextant.alarm.AlarmEngine;
import io.sextant.central.model.feedback.Feedback;
import io.sextant.common.model.Action;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionState;
import io.sextant.common.model.Alarm;
import io.sextant.store.registry.FeedbackLabel;
import io.sextant.node.central.view.RecentActions;
import io.sextant.node.central.view.Views;
import io.sextant.runbook.execute.ActionExecutor;
import io.sextant.store.PostgresStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * What the centre's operator endpoints do, in plain Java: list actions with their history and
 * pending approvals, approve and deny, mark an alarm as a false alarm (a training label), and the
 * read views. Controllers delegate to it in one line.
 */
public final class CentralApi {
  /** Most recent actions a list returns. */
  public static final int LIMIT = 500;

  private final ActionExecutor executor;
  private final PostgresStore store;
  private final AlarmEngine alarms;
  private final Feedback feedback;
  private final Views views;
  private final RecentActions recent;

  /** @param recent the closed loop's events as they happen, before the store has them */
  public CentralApi(ActionExecutor executor, PostgresStore store, AlarmEngine alarms, Feedback feedback, Views views,
      RecentActions recent) {
    this.executor = executor;
    this.store = store;
    this.alarms = alarms;
    this.feedback = feedback;
    this.views = views;
    this.recent = recent;
  }

  /** The audit log with the events the store has not been written yet. */
  private List<ActionEvent> audit() {
    return recent.merge(store.auditLog());
  }

  /** One step of an action's life. */
  public record Step(ActionState state, Instant time, String detail) {}

  /**
   * An action and its life so far; {@code pending} when it waits for a person's approval, with
   * the time it was requested.
   */
  public record ActionView(String id, String site, String kind, String target, String runbook, String trigger,
      ActionState state, boolean pending, Instant requestedAt, List<Step> steps) {}

  /** Every action the audit log has, newest first; {@code pendingOnly} keeps those awaiting approval. */
  public List<ActionView> actions(boolean pendingOnly) {
    Map<String, Instant> pending = executor.approvalRequestedAt();
    Map<String, List<ActionEvent>> byAction = new LinkedHashMap<>();
    for (ActionEvent e : audit()) {
      byAction.computeIfAbsent(e.action().id(), k -> new ArrayList<>()).add(e);
    }
    List<ActionView> out = new ArrayList<>();
    for (List<ActionEvent> events : byAction.values()) {
      ActionEvent last = events.get(events.size() - 1);
      boolean waiting = pending.containsKey(last.action().id());
      if (pendingOnly && !waiting) {
        continue;
      }
      out.add(view(last.action(), events, waiting, pending.get(last.action().id())));
    }
    out.sort(Comparator.comparing((ActionView v) -> v.steps().get(v.steps().size() - 1).time()).reversed());
    return out.size() > LIMIT ? out.subList(0, LIMIT) : out;
  }

  private static ActionView view(Action a, List<ActionEvent> events, boolean pending, Instant requestedAt) {
    List<Step> steps = events.stream().map(e -> new Step(e.state(), e.time(), e.detail())).toList();
    return new ActionView(a.id(), a.site(), a.kind().name(), a.target(), a.runbook(), a.trigger(),
        events.get(events.size() - 1).state(), pending, requestedAt, steps);
  }

  public ActionView action(String id) {
    List<ActionEvent> events = audit().stream().filter(e -> e.action().id().equals(id)).toList();
    if (events.isEmpty()) {
      throw new NoSuchElementException("no action " + id);
    }
    Map<String, Instant> pending = executor.approvalRequestedAt();
    return view(events.get(0).action(), events, pending.containsKey(id), pending.get(id));
  }

  /** Approves an action held for approval; 404 when unknown, 409 when it waits for none. */
  public ActionView approve(String id, String by) {
    requireBy(by);
    ActionView before = action(id);
    if (!executor.approve(id, by)) {
      throw new IllegalStateException("action " + id + " is " + before.state() + ", not awaiting approval");
    }
    return action(id);
  }

  /** Denies an action held for approval. */
  public ActionView deny(String id, String by, String reason) {
    requireBy(by);
    ActionView before = action(id);
    if (!executor.deny(id, by, reason)) {
      throw new IllegalStateException("action " + id + " is " + before.state() + ", not awaiting approval");
    }
    return action(id);
  }

  /** Marks an alarm as a false alarm: a NORMAL label over its span, read by the next training. */
  public FeedbackLabel falseAlarm(String alarmId, String by, String note) {
    return falseAlarm(alarmId, by, note, site -> { });
  }

  /** As above; {@code allowed} may refuse the alarm's site (a caller limited to others) before anything is written. */
  public FeedbackLabel falseAlarm(String alarmId, String by, String note, java.util.function.Consumer<String> allowed) {
    requireBy(by);
    Alarm alarm = alarms.all().stream().filter(a -> a.id().equals(alarmId)).findFirst()
        .or(() -> store.alarms().stream().filter(a -> a.id().equals(alarmId)).findFirst())
        .orElseThrow(() -> new NoSuchElementException("no alarm " + alarmId));
    allowed.accept(alarm.site());
    return feedback.falseAlarm(alarm, by, note);
  }

  public Views views() {
    return views;
  }

  private static void requireBy(String by) {
    if (by == null || by.isBlank()) {
      throw new IllegalArgumentException("by: required, who does it (for the audit log)");
    }
  }
}
