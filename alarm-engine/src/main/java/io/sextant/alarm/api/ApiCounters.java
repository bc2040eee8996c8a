package io.sextant.alarm.api;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests the TMF642 and silence endpoints rejected, by reason ({@code invalid_matcher},
 * {@code unknown_alarm}, …), since the server started. The Alertmanager intake counts its own
 * rejections per alert ({@link io.sextant.alarm.ingest.IntakeCounters}). Thread-safe.
 */
public final class ApiCounters {
  private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();

  void reject(String reason) {
    rejected.computeIfAbsent(reason, r -> new LongAdder()).increment();
  }

  public long rejected(String reason) {
    LongAdder n = rejected.get(reason);
    return n == null ? 0 : n.sum();
  }

  /** Sorted by reason. */
  public Map<String, Long> rejectedByReason() {
    Map<String, Long> out = new TreeMap<>();
    rejected.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
