package io.sextant.node.central.view;

import io.sextant.common.model.ActionEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The closed loop's latest action events, kept as they happen. The store has the whole audit log,
 * but it is written through the bus, a moment later: an operator who approves an action must see
 * the step it caused in the answer, not on the next call. Bounded: the oldest actions leave first.
 * Thread-safe.
 */
public final class RecentActions {
  /** Actions kept; the store holds the rest. */
  public static final int KEPT = 1_000;

  private final Map<String, List<ActionEvent>> byAction = new LinkedHashMap<>(256, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, List<ActionEvent>> eldest) {
      return size() > KEPT;
    }
  };

  public synchronized void add(ActionEvent e) {
    byAction.computeIfAbsent(e.action().id(), k -> new ArrayList<>()).add(e);
  }

  /** {@code stored} (the store's audit log, in order) with the events not written there yet. */
  public synchronized List<ActionEvent> merge(List<ActionEvent> stored) {
    java.util.Set<String> ids = new java.util.HashSet<>();
    stored.forEach(e -> ids.add(e.id()));
    List<ActionEvent> out = new ArrayList<>(stored);
    byAction.values().forEach(events -> events.stream().filter(e -> !ids.contains(e.id())).forEach(out::add));
    return out;
  }
}
