package io.sextant.alarm.ingest;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Alerts accepted and rejected by reason since start. Thread-safe; cheap on the hot path. */
public final class IntakeCounters {
  private final LongAdder accepted = new LongAdder();
  private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();

  void accepted(int n) {
    accepted.add(n);
  }

  void reject(String reason) {
    rejected.computeIfAbsent(reason, r -> new LongAdder()).increment();
  }

  public long accepted() {
    return accepted.sum();
  }

  public long rejected(String reason) {
    LongAdder n = rejected.get(reason);
    return n == null ? 0 : n.sum();
  }

  /** Rejections by reason, sorted by reason. */
  public Map<String, Long> rejectedByReason() {
    Map<String, Long> out = new TreeMap<>();
    rejected.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
