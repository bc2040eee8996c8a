package io.sextant.alarm;

import io.sextant.alarm.AlarmNote.Kind;
import io.sextant.alarm.correlate.RootIndex;
import io.sextant.alarm.correlate.WindowGrouping;
import io.sextant.alarm.correlate.WindowGroups;
import io.sextant.alarm.dedup.FiringSeries;
import io.sextant.alarm.dedup.RecentIds;
import io.sextant.alarm.lifecycle.AlarmLifecycle;
import io.sextant.alarm.lifecycle.AlarmLifecycle.Operation;
import io.sextant.alarm.raise.AlarmCatalog;
import io.sextant.alarm.raise.AlarmSpec;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Severity;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The alarm pipeline, assembled in one place: a detection or diagnosis is deduplicated by message
 * id, mapped to X.733 fields by the {@link AlarmCatalog}, deduplicated by alarm key (one open alarm
 * per resource and probable cause), moved through the {@link AlarmLifecycle}, and correlated under
 * open root causes; every resulting alarm state goes to the {@link AlarmListener} exactly once.
 *
 * <p><b>Time.</b> Changes caused by a detection or diagnosis carry its event time, so a message
 * replayed after a partition produces the same alarm ids and times. Operator actions carry the
 * injected clock's time. An alarm's {@code time} never moves backwards.
 *
 * <p><b>Clearing.</b> An alarm fed by firing series clears when every series that fired into it
 * has resolved. A root-cause alarm raised by a diagnosis alone has no series behind it and stays
 * open until {@link #clear} is called: the locator reports where a fault is, not that it is gone,
 * and the symptoms going quiet after a reroute mean the fault is mitigated, not repaired (the
 * lossy link is still lossy). An operator, or the closed loop once it has verified a repair,
 * clears it. A fault seen again after its alarm cleared raises a new alarm with a new id; events
 * stamped no later than a key's last clear belong to the cleared episode and are ignored.
 *
 * <p><b>Errors.</b> Operator methods throw {@link UnknownAlarmException} for an unknown id,
 * {@link IllegalArgumentException} for a blank author or text, and
 * {@link io.sextant.alarm.lifecycle.IllegalTransitionException} (an {@link IllegalStateException})
 * for a move the lifecycle forbids (acknowledging an acknowledged alarm, anything but a comment on
 * a cleared one). Nothing changes when they throw.
 *
 * <p><b>Threading.</b> All state is guarded by the engine's monitor. Each input is planned against
 * the current state, announced to the listener, and applied only when the listener has accepted
 * every change, so a listener that throws leaves the engine as it was and a redelivery replays the
 * same changes. A mutating method then releases the monitor and calls
 * {@link AlarmListener#awaitCommitted()} before it returns: with a group-committing listener
 * (the store behind it) the caller returns once its changes are durable, and throws what the
 * listener throws (e.g. a retryable {@link io.sextant.common.store.StoreException}) otherwise.
 */
public final class AlarmEngine {
  /** Cleared alarms kept in memory for {@link #get} and {@link #all}; the store keeps them all. */
  public static final int RETAINED_CLEARED = 10_000;
  /** Message ids remembered for dropping redeliveries. */
  public static final int REMEMBERED_MESSAGES = 100_000;

  private final Clock clock;
  private final AlarmListener listener;
  private final AlarmCatalog catalog;
  private final int retainedCleared;

  private final Map<String, Alarm> alarms = new LinkedHashMap<>();
  private final Map<String, String> openByKey = new HashMap<>();
  private final Map<String, Instant> lastClearByKey = new HashMap<>();
  private final ArrayDeque<String> clearedOrder = new ArrayDeque<>();
  private final Map<String, List<AlarmNote>> notes = new HashMap<>();
  private final FiringSeries firing = new FiringSeries();
  private final RootIndex roots = new RootIndex();
  private final WindowGroups windows;
  private final RecentIds seen = new RecentIds(REMEMBERED_MESSAGES);
  /** Restored open alarms none of whose inputs the stored detections named (e.g. external alerts). */
  private final Set<String> inputsUnknown = new java.util.HashSet<>();
  /**
   * Per open parent, its symptoms cleared since it last dropped them: they leave its list at its
   * next relink, without looking up every symptom it lists (a storm's root lists hundreds).
   */
  private final Map<String, Set<String>> clearedUnder = new HashMap<>();

  public AlarmEngine(Clock clock, AlarmListener listener, AlarmCatalog catalog) {
    this(clock, listener, catalog, WindowGrouping.OFF);
  }

  /** @param grouping time-window grouping of alarms no diagnosis ties together ({@link WindowGrouping#OFF}) */
  public AlarmEngine(Clock clock, AlarmListener listener, AlarmCatalog catalog, WindowGrouping grouping) {
    this(clock, listener, catalog, grouping, RETAINED_CLEARED);
  }

  AlarmEngine(Clock clock, AlarmListener listener, AlarmCatalog catalog, WindowGrouping grouping,
      int retainedCleared) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.windows = new WindowGroups(Objects.requireNonNull(grouping, "grouping"));
    this.retainedCleared = retainedCleared;
  }

  /**
   * Takes back what a previous process left in the store, before the first input: the open
   * alarms as they were last written (so their ids, ack state, counts and groups carry on), when
   * each key last cleared, the series still firing into each open alarm (replayed from the stored
   * detections through the catalog), and the evidence under each open root cause. Nothing is
   * announced to the listener: every alarm restored is already stored and was already notified.
   * An open alarm whose inputs the detections do not name (an external alert, a detection the
   * previous process took but the store had not yet) clears on the first resolve of its key.
   * Not restored: comments and acks' authors (notes), time-window groups, remembered message ids.
   *
   * @throws IllegalStateException when the engine has already taken input
   */
  public synchronized void restore(Restored restored) {
    if (!alarms.isEmpty() || !lastClearByKey.isEmpty()) {
      throw new IllegalStateException("restore runs before the first input");
    }
    lastClearByKey.putAll(restored.lastClears());
    for (Alarm a : restored.open()) {
      if (!a.cleared()) {
        apply(a);
      }
    }
    for (Detection d : restored.detections()) {
      AlarmSpec spec = catalog.forDetection(d);
      Alarm open = openAlarm(keyOf(resourceOf(d), spec.probableCause()));
      if (open == null || d.time().isBefore(open.raisedTime())) {
        continue;
      }
      FiringSeries.Input in = FiringSeries.Input.of(d);
      switch (d.state()) {
        case FIRING -> firing.start(open.id(), in, FiringSeries.Level.of(d, spec.severity()));
        case RESOLVED -> firing.stop(open.id(), in);
      }
    }
    restored.rootEvidence().forEach((id, evidence) -> {
      if (openByKey.containsValue(id)) {
        roots.register(id, evidence);
      }
    });
    for (Alarm a : open()) {
      if (!a.rootCause() && firing.count(a.id()) == 0) {
        inputsUnknown.add(a.id());
      }
    }
  }

  /** FIRING raises or updates the key's alarm; RESOLVED may clear it. Redeliveries are ignored. */
  public void onDetection(Detection detection) {
    durably(() -> {
      if (!seen.contains(detection.id())) {
        onSeries(detection, catalog.forDetection(detection), catalog.specificProblem(detection));
      }
      return null;
    });
  }

  /**
   * Like {@link #onDetection} for a series whose X.733 fields come with it rather than from the
   * catalog: an alert posted by Prometheus names its probable cause ({@code alertname}),
   * severity and text itself. Same dedup, lifecycle and correlation as a detection.
   */
  public void onExternal(Detection detection, AlarmSpec spec, String specificProblem) {
    onExternal(List.of(new External(detection, spec, specificProblem)));
  }

  /**
   * Takes several external series in order under one hold of the engine's lock, and waits once
   * for all their changes to be durable: an Alertmanager POST costs one commit, not one per alert.
   */
  public void onExternal(List<External> batch) {
    takeExternal(batch);
    listener.awaitCommitted();
  }

  /**
   * As {@link #onExternal(List)}, but returns once the changes are queued for the store, unless
   * something announced more than {@code maxLag} ago still waits for it
   * ({@link AlarmListener#awaitLagBelow}): the Alertmanager intake's {@code batched} durability,
   * for senders that re-send. What the changes cause downstream still waits for the store.
   */
  public void onExternal(List<External> batch, java.time.Duration maxLag) {
    takeExternal(batch);
    listener.awaitLagBelow(maxLag);
  }

  /**
   * Which of these message ids the engine has already taken (a redelivery, a Prometheus re-send),
   * under one hold of the lock: lets the intake skip building what it would drop. A hint only: the
   * engine checks again when it takes the input.
   */
  public synchronized boolean[] taken(List<String> messageIds) {
    boolean[] out = new boolean[messageIds.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = seen.contains(messageIds.get(i));
    }
    return out;
  }

  private synchronized void takeExternal(List<External> batch) {
    for (External e : batch) {
      if (!seen.contains(e.detection().id())) {
        onSeries(e.detection(), e.spec(), e.specificProblem());
      }
    }
  }

  /** A series whose X.733 fields come with it (see {@link #onExternal(Detection, AlarmSpec, String)}). */
  public record External(Detection detection, AlarmSpec spec, String specificProblem) {
    public External {
      Objects.requireNonNull(detection, "detection");
      Objects.requireNonNull(spec, "spec");
      Objects.requireNonNull(specificProblem, "text");
    }
  }

  /** The injected clock; the intake uses it to tell a resolved alert from a firing one. */
  public Clock clock() {
    return clock;
  }

  private void onSeries(Detection detection, AlarmSpec spec, String specificProblem) {
    String resource = resourceOf(detection);
    Changes changes = new Changes().then(() -> seen.add(detection.id()));
    Alarm open = openAlarm(keyOf(resource, spec.probableCause()));
    switch (detection.state()) {
      case FIRING -> {
        if (open != null) {
          repeat(open, detection, spec, specificProblem, changes);
        } else if (!isStale(keyOf(resource, spec.probableCause()), detection.time())) {
          raise(detection, resource, spec, specificProblem, changes);
        }
      }
      case RESOLVED -> {
        if (open != null) {
          resolve(open, detection, changes);
        }
      }
    }
    commit(changes);
  }

  /**
   * Raises a root-cause alarm on the diagnosis target, or upgrades the target's open alarm of the
   * same key (the GPU node's own alarm, a repeated diagnosis), and groups the open symptom alarms
   * on its evidence resources under it.
   */
  public void onDiagnosis(Diagnosis diagnosis) {
    durably(() -> {
      if (!seen.contains(diagnosis.id())) {
        takeDiagnosis(diagnosis);
      }
      return null;
    });
  }

  private void takeDiagnosis(Diagnosis diagnosis) {
    AlarmSpec spec = catalog.forFault(diagnosis.kind());
    String key = keyOf(diagnosis.target(), spec.probableCause());
    Changes changes = new Changes().then(() -> seen.add(diagnosis.id()));
    Alarm open = openAlarm(key);
    if (open != null || !isStale(key, diagnosis.time())) {
      diagnose(open, diagnosis, spec, changes);
    }
    commit(changes);
  }

  public Alarm acknowledge(String alarmId, String by) {
    return durably(() -> operate(alarmId, by, Operation.ACKNOWLEDGE, Kind.ACKNOWLEDGED));
  }

  public Alarm unacknowledge(String alarmId, String by) {
    return durably(() -> operate(alarmId, by, Operation.UNACKNOWLEDGE, Kind.UNACKNOWLEDGED));
  }

  /**
   * Clears an alarm whatever its series are doing. {@code by} says who: an operator's name, or
   * the closed loop once it has verified a repair.
   */
  public Alarm clear(String alarmId, String by) {
    return durably(() -> operate(alarmId, by, Operation.CLEAR, Kind.CLEARED));
  }

  /**
   * Adds a comment; allowed on cleared alarms too (post-mortem notes). The alarm record does not
   * change, so the listener is not called.
   */
  public synchronized AlarmNote comment(String alarmId, String by, String text) {
    requireText(by, "by");
    requireText(text, "text");
    Alarm alarm = require(alarmId);
    AlarmNote note = new AlarmNote(alarmId, later(alarm.time(), clock.instant()), by, Kind.COMMENT, text);
    notes.computeIfAbsent(alarmId, k -> new ArrayList<>()).add(note);
    return note;
  }

  /**
   * TMF642 {@code groupAlarms}: an operator puts open alarms under an open parent (they are then
   * its symptoms: not notified, listed in its {@code correlatedAlarm}), taking them out of any
   * group they were in. All or nothing: an unknown or cleared alarm, or a grouping that would
   * make a cycle, throws and changes nothing. Returns the parent's new state.
   */
  public Alarm group(String parentId, List<String> childIds, String by) {
    return durably(() -> groupLocked(parentId, childIds, by));
  }

  private Alarm groupLocked(String parentId, List<String> childIds, String by) {
    requireText(by, "by");
    Alarm parent = require(parentId);
    List<Alarm> children = GroupingChecks.children(alarms, parent, childIds);
    GroupingChecks.requireNoCycle(alarms, parent, childIds);
    Instant at = clock.instant();
    Map<String, AlarmDraft> drafts = new LinkedHashMap<>();
    AlarmDraft root = drafts.computeIfAbsent(parentId, k -> correlated(parent, at));
    Changes changes = new Changes();
    for (Alarm child : children) {
      if (parentId.equals(child.parentAlarmId())) {
        continue;
      }
      Alarm former = child.parentAlarmId() == null ? null : alarms.get(child.parentAlarmId());
      if (former != null && !former.cleared()) {
        drafts.computeIfAbsent(former.id(), k -> correlated(former, at)).uncorrelate(child.id());
      }
      root.correlate(child.id());
      drafts.computeIfAbsent(child.id(), k -> correlated(child, at)).parent(parentId);
      note(changes, child.id(), at, by, Kind.GROUPED, "under " + parentId);
      changes.then(() -> windows.leave(child.id()));
    }
    drafts.values().forEach(d -> changes.alarm(d.build()));
    commit(changes);
    return alarms.get(parentId);
  }

  /**
   * TMF642 {@code unGroupAlarms}: takes alarms out of the parent's group; they are notified on
   * their own again. Each must be grouped under that parent, else nothing changes (throws).
   */
  public Alarm ungroup(String parentId, List<String> childIds, String by) {
    return durably(() -> ungroupLocked(parentId, childIds, by));
  }

  private Alarm ungroupLocked(String parentId, List<String> childIds, String by) {
    requireText(by, "by");
    Alarm parent = require(parentId);
    List<Alarm> children = GroupingChecks.children(alarms, parent, childIds);
    for (Alarm child : children) {
      if (!parentId.equals(child.parentAlarmId())) {
        throw new IllegalArgumentException("alarm " + child.id() + " is not grouped under " + parentId);
      }
    }
    Instant at = clock.instant();
    AlarmDraft root = correlated(parent, at);
    Changes changes = new Changes();
    List<Alarm> released = new ArrayList<>();
    for (Alarm child : children) {
      root.uncorrelate(child.id());
      released.add(correlated(child, at).parent(null).build());
      note(changes, child.id(), at, by, Kind.UNGROUPED, "from " + parentId);
      changes.then(() -> windows.leave(child.id()));
    }
    changes.alarm(root.build());
    released.forEach(changes::alarm);
    commit(changes);
    return alarms.get(parentId);
  }

  private void note(Changes changes, String alarmId, Instant at, String by, Kind kind, String text) {
    AlarmNote note = new AlarmNote(alarmId, at, by, kind, text);
    changes.then(() -> notes.computeIfAbsent(alarmId, k -> new ArrayList<>()).add(note));
  }

  /** Open alarms, oldest raise first. */
  public synchronized List<Alarm> open() {
    return alarms.values().stream().filter(a -> !a.cleared()).toList();
  }

  /** Open alarms and the most recent {@value #RETAINED_CLEARED} cleared ones, in raise order. */
  public synchronized List<Alarm> all() {
    return List.copyOf(alarms.values());
  }

  public synchronized Optional<Alarm> get(String alarmId) {
    return Optional.ofNullable(alarms.get(alarmId));
  }

  /** Acknowledgements, clears and comments on one alarm, oldest first. */
  public synchronized List<AlarmNote> notes(String alarmId) {
    require(alarmId);
    return List.copyOf(notes.getOrDefault(alarmId, List.of()));
  }

  // ---- planning: read the current state, write only into Changes ----

  private void raise(Detection detection, String resource, AlarmSpec spec, String problem, Changes changes) {
    String id = Alarm.idFor(resource, spec.probableCause(), detection.time());
    FiringSeries.Level level = FiringSeries.Level.of(detection, spec.severity());
    Severity severity = level.severity();
    // Topology first; only an alarm no diagnosis explains is grouped by time.
    Optional<Alarm> root = roots.rootFor(resource).map(alarms::get);
    boolean byWindow = false;
    if (root.isEmpty()) {
      root = windows.rootFor(detection.site(), detection.labels(), detection.time(), alarms::get).map(alarms::get);
      byWindow = root.isPresent();
    }
    changes.alarm(new Alarm(id, detection.site(), detection.time(), resource, spec.probableCause(),
        problem, spec.eventType(), severity, AlarmLifecycle.RAISED.state(),
        AlarmLifecycle.RAISED.ackState(), false, root.map(Alarm::id).orElse(null), List.of(), detection.time(),
        null, 1, detection.detector(), detection.labels()));
    // The root's change lists its open symptoms: the ones cleared since its last change leave it here.
    root.ifPresent(r -> changes.alarm(correlated(r, detection.time()).dropCleared(clearedUnder(r, changes))
        .correlate(id).build()));
    changes.then(() -> firing.start(id, FiringSeries.Input.of(detection), level));
    if (byWindow) {
      String rootId = root.get().id();
      changes.then(() -> windows.join(rootId, id));
    } else if (root.isEmpty()) {
      changes.then(() -> windows.open(id, detection.site(), detection.labels()));
    }
  }

  /**
   * A repeat raises the severity to the worst seen. A detection with a level of its own (a
   * threshold moving between levels) sets a symptom's severity to the worst level its inputs are
   * in now, so an alarm follows its threshold down as well as up; a root keeps the diagnosis's.
   */
  private void repeat(Alarm open, Detection detection, AlarmSpec spec, String problem, Changes changes) {
    FiringSeries.Input in = FiringSeries.Input.of(detection);
    FiringSeries.Level level = FiringSeries.Level.of(detection, spec.severity());
    AlarmDraft next = AlarmDraft.of(open).step(AlarmLifecycle.next(open, Operation.REPEAT))
        .at(detection.time()).counted();
    if (level.own() && !open.rootCause()) {
      next.severity(firing.worst(open.id(), in, level.severity()));
    } else {
      next.atLeast(level.severity());
    }
    if (!open.rootCause()) {
      // A root's text is the diagnosis; a symptom's text follows its latest observation.
      next.specificProblem(problem);
    }
    changes.alarm(next.build()).then(() -> {
      firing.start(open.id(), in, level);
      inputsUnknown.remove(open.id());
    });
  }

  private void resolve(Alarm open, Detection detection, Changes changes) {
    FiringSeries.Input in = FiringSeries.Input.of(detection);
    if (!firing.isFiring(open.id(), in)) {
      if (inputsUnknown.contains(open.id())) {
        // Restored without its inputs: the first resolve of its key is taken as its last.
        changes.alarm(AlarmDraft.of(open).step(AlarmLifecycle.next(open, Operation.CLEAR))
            .at(detection.time()).cleared().build());
        releaseWindowGroup(open.id(), detection.time(), changes);
      }
      return;
    }
    changes.then(() -> firing.stop(open.id(), in));
    if (firing.count(open.id()) == 1) {
      changes.alarm(AlarmDraft.of(open).step(AlarmLifecycle.next(open, Operation.CLEAR))
          .at(detection.time()).cleared().build());
      releaseWindowGroup(open.id(), detection.time(), changes);
    } else if (firing.ownLevel(open.id(), in) && !open.rootCause()) {
      // A threshold that let go: the alarm stays for its other inputs, at their worst level.
      Severity left = firing.worst(open.id(), in, null);
      if (left != open.perceivedSeverity()) {
        changes.alarm(AlarmDraft.of(open).step(AlarmLifecycle.next(open, Operation.REPEAT))
            .at(detection.time()).severity(left).build());
      }
    }
  }

  /**
   * A window root that clears no longer speaks for its group: its open symptoms lose their
   * parent and are notified on their own, rather than staying quiet under a cleared alarm.
   */
  private void releaseWindowGroup(String rootId, Instant at, Changes changes) {
    for (String memberId : windows.members(rootId)) {
      Alarm member = alarms.get(memberId);
      if (member != null && !member.cleared() && rootId.equals(member.parentAlarmId())) {
        changes.alarm(correlated(member, at).parent(null).build());
      }
    }
  }

  private void diagnose(Alarm open, Diagnosis diagnosis, AlarmSpec spec, Changes changes) {
    String rootId = open != null ? open.id()
        : Alarm.idFor(diagnosis.target(), spec.probableCause(), diagnosis.time());
    Set<String> evidence = new LinkedHashSet<>(diagnosis.evidence());
    // A symptom of a time-window group is taken over: topology beats timing.
    List<Alarm> symptoms = alarms.values().stream()
        .filter(a -> !a.cleared() && !a.rootCause() && !a.id().equals(rootId))
        .filter(a -> a.parentAlarmId() == null || windows.windowRootOf(a.id()).isPresent())
        .filter(a -> evidence.contains(a.resource()))
        .toList();
    AlarmDraft root;
    if (open == null) {
      root = AlarmDraft.of(new Alarm(rootId, diagnosis.site(), diagnosis.time(), diagnosis.target(),
          spec.probableCause(), "", spec.eventType(), spec.severity(), AlarmLifecycle.RAISED.state(),
          AlarmLifecycle.RAISED.ackState(), true, null, List.of(), diagnosis.time(), null, 1,
          diagnosis.locator(), Map.of()));
    } else {
      root = AlarmDraft.of(open).step(AlarmLifecycle.next(open, Operation.REPEAT))
          .at(diagnosis.time()).atLeast(spec.severity()).counted().parent(null).dropCleared(clearedUnder(open, changes));
      detachFromFormerParent(open, diagnosis.time(), changes);
    }
    Map<String, String> labels = new LinkedHashMap<>(open == null ? Map.of() : open.labels());
    labels.put("diagnosis", diagnosis.id());
    root.rootCause(diagnosis.locator()).specificProblem(catalog.specificProblem(diagnosis))
        .labels(Labels.copyOf(labels));
    symptoms.forEach(s -> root.correlate(s.id()));
    changes.alarm(root.build());
    // One draft per alarm, so a window root that loses several symptoms (or is a symptom itself)
    // gets one consistent new state.
    Map<String, AlarmDraft> drafts = new LinkedHashMap<>();
    for (Alarm symptom : symptoms) {
      drafts.computeIfAbsent(symptom.id(), k -> correlated(symptom, diagnosis.time())).parent(rootId);
      windows.windowRootOf(symptom.id()).map(alarms::get).filter(w -> !w.cleared()).ifPresent(w -> {
        drafts.computeIfAbsent(w.id(), k -> correlated(w, diagnosis.time())).uncorrelate(symptom.id());
        changes.then(() -> windows.leave(symptom.id()));
      });
    }
    drafts.values().forEach(d -> changes.alarm(d.build()));
    changes.then(() -> roots.register(rootId, evidence));
  }

  /** A root has no parent: a symptom promoted to root leaves the group it was in. */
  private void detachFromFormerParent(Alarm promoted, Instant at, Changes changes) {
    Alarm parent = promoted.parentAlarmId() == null ? null : alarms.get(promoted.parentAlarmId());
    if (parent != null && !parent.cleared()) {
      changes.alarm(correlated(parent, at).uncorrelate(promoted.id()).build());
    }
  }

  /** The parent's symptoms cleared since it last dropped them; forgotten once this change is applied. */
  private Set<String> clearedUnder(Alarm parent, Changes changes) {
    Set<String> cleared = clearedUnder.getOrDefault(parent.id(), Set.of());
    if (!cleared.isEmpty()) {
      changes.then(() -> clearedUnder.remove(parent.id()));
    }
    return cleared;
  }

  private AlarmDraft correlated(Alarm alarm, Instant at) {
    return AlarmDraft.of(alarm).step(AlarmLifecycle.next(alarm, Operation.CORRELATE)).at(at);
  }

  private Alarm operate(String alarmId, String by, Operation operation, Kind kind) {
    requireText(by, "by");
    Alarm alarm = require(alarmId);
    AlarmDraft next = AlarmDraft.of(alarm).step(AlarmLifecycle.next(alarm, operation)).at(clock.instant());
    if (operation == Operation.CLEAR) {
      next.cleared();
    }
    Alarm changed = next.build();
    AlarmNote note = new AlarmNote(alarmId, changed.time(), by, kind, "");
    Changes changes = new Changes().alarm(changed);
    if (operation == Operation.CLEAR) {
      releaseWindowGroup(alarmId, changed.time(), changes);
    }
    commit(changes.then(() -> notes.computeIfAbsent(alarmId, k -> new ArrayList<>()).add(note)));
    return changed;
  }

  // ---- commit: announce, then apply ----

  /**
   * Runs a change under the engine's lock, then, with the lock released, waits until the listener
   * has made every change announced so far durable ({@link AlarmListener#awaitCommitted}), so
   * callers wait for the store together rather than one behind the other.
   */
  private <T> T durably(java.util.function.Supplier<T> change) {
    T result;
    synchronized (this) {
      result = change.get();
    }
    listener.awaitCommitted();
    return result;
  }

  private void commit(Changes changes) {
    changes.alarms().forEach(listener::changed);
    changes.bookkeeping().forEach(Runnable::run);
    changes.alarms().forEach(this::apply);
  }

  private void apply(Alarm alarm) {
    alarms.put(alarm.id(), alarm);
    if (!alarm.cleared()) {
      openByKey.put(alarm.key(), alarm.id());
      return;
    }
    openByKey.remove(alarm.key(), alarm.id());
    inputsUnknown.remove(alarm.id());
    clearedUnder.remove(alarm.id());
    Alarm parent = alarm.parentAlarmId() == null ? null : alarms.get(alarm.parentAlarmId());
    if (parent != null && !parent.cleared()) {
      clearedUnder.computeIfAbsent(parent.id(), k -> new java.util.HashSet<>()).add(alarm.id());
    }
    lastClearByKey.put(alarm.key(), alarm.clearedTime());
    firing.forget(alarm.id());
    roots.forget(alarm.id());
    windows.forget(alarm.id());
    clearedOrder.add(alarm.id());
    while (clearedOrder.size() > retainedCleared) {
      String evicted = clearedOrder.poll();
      alarms.remove(evicted);
      notes.remove(evicted);
    }
  }

  // ---- helpers ----

  private Alarm openAlarm(String key) {
    String id = openByKey.get(key);
    return id == null ? null : alarms.get(id);
  }

  private boolean isStale(String key, Instant eventTime) {
    Instant lastClear = lastClearByKey.get(key);
    return lastClear != null && !eventTime.isAfter(lastClear);
  }

  private Alarm require(String alarmId) {
    Alarm alarm = alarmId == null ? null : alarms.get(alarmId);
    if (alarm == null) {
      throw new UnknownAlarmException(alarmId);
    }
    return alarm;
  }

  /** Same format as {@link Alarm#key()}, computed before the alarm exists. */
  static String keyOf(String resource, String probableCause) {
    return resource + "|" + probableCause;
  }

  /** A KPI without a resource label is about its site as a whole. */
  static String resourceOf(Detection detection) {
    return detection.resource().isBlank() ? "site:" + detection.site() : detection.resource();
  }

  private static Instant later(Instant a, Instant b) {
    return b.isAfter(a) ? b : a;
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
  }
}
