package io.sextant.alarm.correlate;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Open root-cause alarms and the symptom resources each explains. When two roots explain the same
 * resource, the one registered first wins, so a symptom's parent does not jump between roots as
 * diagnoses arrive. Not thread-safe.
 */
public final class RootIndex {
  private final Map<String, Set<String>> evidenceByRoot = new LinkedHashMap<>();

  /** Adds evidence to a root; a repeated diagnosis widens it, never narrows it. */
  public void register(String rootAlarmId, Iterable<String> evidence) {
    Set<String> resources = evidenceByRoot.computeIfAbsent(rootAlarmId, k -> new LinkedHashSet<>());
    evidence.forEach(resources::add);
  }

  /** The first registered open root whose evidence names the resource. */
  public Optional<String> rootFor(String resource) {
    return evidenceByRoot.entrySet().stream()
        .filter(e -> e.getValue().contains(resource))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  public void forget(String rootAlarmId) {
    evidenceByRoot.remove(rootAlarmId);
  }
}
