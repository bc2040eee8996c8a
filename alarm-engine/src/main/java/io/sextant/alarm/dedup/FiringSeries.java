package io.sextant.alarm.dedup;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The series currently firing into each open alarm. Several series can map to one alarm key
 * (two probes seeing loss on the same path, two replicas of one service), and the alarm must stay
 * raised while any of them still fires. Not thread-safe.
 */
public final class FiringSeries {
  private final Map<String, Set<Long>> byAlarm = new HashMap<>();

  public void start(String alarmId, long seriesId) {
    byAlarm.computeIfAbsent(alarmId, k -> new HashSet<>()).add(seriesId);
  }

  /** Forgets one series; unknown alarm or series is a no-op (a resolve can outlive its alarm). */
  public void stop(String alarmId, long seriesId) {
    Set<Long> series = byAlarm.get(alarmId);
    if (series != null) {
      series.remove(seriesId);
      if (series.isEmpty()) {
        byAlarm.remove(alarmId);
      }
    }
  }

  public boolean isFiring(String alarmId, long seriesId) {
    return byAlarm.getOrDefault(alarmId, Set.of()).contains(seriesId);
  }

  public int count(String alarmId) {
    return byAlarm.getOrDefault(alarmId, Set.of()).size();
  }

  public void forget(String alarmId) {
    byAlarm.remove(alarmId);
  }
}
