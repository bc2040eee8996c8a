package io.sextant.alarm.dedup;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last {@code capacity} message ids applied. Edges re-send after a partition and the bus
 * redelivers unacknowledged messages, so the same detection can arrive twice; remembering its id
 * keeps it from counting twice. Bounded because ids arrive forever; a duplicate older than the
 * window is rare, and the engine's stale-event guard still stops it from re-raising a cleared
 * alarm. Not thread-safe.
 */
public final class RecentIds {
  private final Map<String, Boolean> ids;

  public RecentIds(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be > 0, got " + capacity);
    }
    this.ids = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }

  public boolean contains(String id) {
    return ids.containsKey(id);
  }

  public void add(String id) {
    ids.put(id, Boolean.TRUE);
  }
}
