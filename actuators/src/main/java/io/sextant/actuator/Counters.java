package io.sextant.actuator;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what the adapters refused or failed, by reason ({@code hook_timeout}, {@code
 * callback_replayed}, {@code no_adapter}...), for a node's metrics and the tests. Thread-safe.
 */
public final class Counters {
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final List<Consumer<String>> newReason = new CopyOnWriteArrayList<>();

  public void count(String reason) {
    counts.computeIfAbsent(reason, k -> {
      newReason.forEach(c -> c.accept(k));
      return new LongAdder();
    }).increment();
  }

  /**
   * Calls {@code listener} with every reason counted so far and each new one when first counted
   * (a metrics registry makes a counter per reason).
   */
  public void onReason(Consumer<String> listener) {
    newReason.add(listener);
    counts.keySet().forEach(listener);
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
