package io.sextant.alarm.flap;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * A key is marked flapping when more than {@code markAbove} raises and clears fall within
 * {@code window}; it stays marked until they fall to {@code unmarkAtOrBelow} or fewer. Not
 * thread-safe (the notification pipeline serialises access).
 */
public final class FlapDetector {
  public static final int MARK_ABOVE = 4;
  public static final int UNMARK_AT_OR_BELOW = 1;
  public static final Duration WINDOW = Duration.ofMinutes(10);

  private final int markAbove;
  private final int unmarkAtOrBelow;
  private final Duration window;
  private final Map<String, ArrayDeque<Instant>> transitions = new HashMap<>();
  private final Set<String> flapping = new HashSet<>();
  /** Keys recorded since the last {@link #due}. */
  private final Set<String> recorded = new HashSet<>();
  /** When each recorded transition leaves the window, soonest first: what {@link #due} has to look at. */
  private final PriorityQueue<Expiry> expiries = new PriorityQueue<>(Comparator.comparing(Expiry::leaves));

  private record Expiry(Instant leaves, String key) {}

  public FlapDetector(int markAbove, int unmarkAtOrBelow, Duration window) {
    if (markAbove < 1 || unmarkAtOrBelow < 0 || unmarkAtOrBelow >= markAbove) {
      throw new IllegalArgumentException("need 0 <= unmarkAtOrBelow < markAbove, got " + unmarkAtOrBelow + ", "
          + markAbove);
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive, got " + window);
    }
    this.markAbove = markAbove;
    this.unmarkAtOrBelow = unmarkAtOrBelow;
    this.window = window;
  }

  public static FlapDetector defaults() {
    return new FlapDetector(MARK_ABOVE, UNMARK_AT_OR_BELOW, WINDOW);
  }

  /** One raise or clear of the key's alarm at {@code at}. */
  public void record(String key, Instant at) {
    transitions.computeIfAbsent(key, k -> new ArrayDeque<>()).add(at);
    recorded.add(key);
    expiries.add(new Expiry(at.plus(window), key));
  }

  /**
   * The keys whose {@link #update} at {@code now} may differ from their last one: those recorded
   * since the last call and those with a transition that has left the window since. Any other
   * key's count is as it was at its last update, and the hysteresis gives the same answer again,
   * so a caller that updates these keys each tick sees what updating every {@link #tracked} key
   * would show, without visiting each (in an alarm storm, thousands of keys flap at once).
   */
  public Set<String> due(Instant now) {
    Set<String> keys = new HashSet<>(recorded);
    recorded.clear();
    // update drops a transition once it is before now - window, i.e. once it leaves before now.
    while (!expiries.isEmpty() && expiries.peek().leaves().isBefore(now)) {
      keys.add(expiries.poll().key());
    }
    return keys;
  }

  /** Re-evaluates the key at {@code now}, applying the hysteresis, and says whether it flaps. */
  public boolean update(String key, Instant now) {
    ArrayDeque<Instant> q = transitions.get(key);
    if (q == null) {
      return flapping.contains(key);
    }
    Instant from = now.minus(window);
    while (!q.isEmpty() && q.peek().isBefore(from)) {
      q.poll();
    }
    int n = q.size();
    if (n > markAbove) {
      flapping.add(key);
    } else if (n <= unmarkAtOrBelow) {
      flapping.remove(key);
    }
    if (q.isEmpty() && !flapping.contains(key)) {
      transitions.remove(key);
    }
    return flapping.contains(key);
  }

  public boolean isFlapping(String key) {
    return flapping.contains(key);
  }

  /** Keys with recent transitions or a flapping mark, for periodic re-evaluation. */
  public List<String> tracked() {
    Set<String> keys = new HashSet<>(transitions.keySet());
    keys.addAll(flapping);
    return List.copyOf(keys);
  }
}
