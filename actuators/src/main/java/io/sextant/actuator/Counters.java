package io.sextant.actuator;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what the adapters refused or failed, by reason ({@code hook_timeout}, {@code
 * callback_replayed}, {@code no_adapter}...), for a node's metrics and the tests. Thread-safe.
 */
public final class Counters {
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  public void count(String reason) {
    counts.computeIfAbsent(reason, k -> new LongAdder()).increment();
  }

  public long get(String reason) {
    LongAdder a = counts.get(reason);
    return a == null ? 0 : a.sum();
  }

  public Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
