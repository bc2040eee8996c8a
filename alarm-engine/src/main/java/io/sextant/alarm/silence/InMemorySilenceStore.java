package io.sextant.alarm.silence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keeps everything in memory: for tests and the all-in-one demo. Thread-safe. */
public final class InMemorySilenceStore implements SilenceStore {
  private final Map<String, Silence> silences = new LinkedHashMap<>();
  private final Map<String, MaintenanceWindow> windows = new LinkedHashMap<>();
  private final List<Entry> history = new ArrayList<>();

  @Override
  public synchronized List<Silence> silences() {
    return List.copyOf(silences.values());
  }

  @Override
  public synchronized List<MaintenanceWindow> windows() {
    return List.copyOf(windows.values());
  }

  @Override
  public synchronized void save(Silence silence, Action action, String by, Instant at) {
    silences.put(silence.id(), silence);
    history.add(new Entry(silence.id(), true, action, by, at, silence));
  }

  @Override
  public synchronized boolean save(MaintenanceWindow window, String by, Instant at) {
    MaintenanceWindow before = windows.put(window.id(), window);
    if (window.equals(before)) {
      return false;
    }
    history.add(new Entry(window.id(), false, before == null ? Action.CREATED : Action.CHANGED, by, at, window));
    return true;
  }

  @Override
  public synchronized boolean remove(String windowId, String by, Instant at) {
    MaintenanceWindow before = windows.remove(windowId);
    if (before == null) {
      return false;
    }
    history.add(new Entry(windowId, false, Action.REMOVED, by, at, before));
    return true;
  }

  @Override
  public synchronized List<Entry> history() {
    return List.copyOf(history);
  }
}
