package io.sextant.alarm.notify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A receiver with several integrations (an Alertmanager receiver with, say, an e-mail and a
 * PagerDuty config): each notification goes to every one. The outcome is the worst of theirs
 * (retry before failed before delivered); when the retry stage sends the same notification again,
 * the integrations that already delivered it are skipped, so a flaky one does not page the others
 * twice. A later notification goes to all again. Thread-safe.
 */
public final class Fanout implements Notifier {
  static final int REMEMBERED = 1_000;

  private final List<Notifier> integrations;
  private final Map<Notification, Set<Integer>> delivered = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Notification, Set<Integer>> eldest) {
      return size() > REMEMBERED;
    }
  };

  public Fanout(List<Notifier> integrations) {
    this.integrations = List.copyOf(integrations);
    if (this.integrations.isEmpty()) {
      throw new IllegalArgumentException("a fan-out needs at least one integration");
    }
  }

  @Override
  public Outcome send(Notification n) {
    Set<Integer> done;
    synchronized (delivered) {
      done = new TreeSet<>(delivered.getOrDefault(n, Set.of()));
    }
    Outcome worst = null;
    StringBuilder detail = new StringBuilder();
    for (int i = 0; i < integrations.size(); i++) {
      if (done.contains(i)) {
        continue;
      }
      Outcome o;
      try {
        o = integrations.get(i).send(n);
      } catch (RuntimeException e) {
        o = Outcome.failed("integration threw " + e);
      }
      if (o.delivered()) {
        done.add(i);
      }
      detail.append(detail.length() == 0 ? "" : "; ").append('[').append(i).append("] ").append(o.detail());
      if (worst == null || rank(o) > rank(worst)) {
        worst = o;
      }
    }
    synchronized (delivered) {
      if (done.size() == integrations.size()) {
        delivered.remove(n);
      } else {
        delivered.put(n, done);
      }
    }
    return worst == null ? Outcome.delivered("every integration had delivered it")
        : new Outcome(worst.status(), detail.toString());
  }

  private static int rank(Outcome o) {
    return switch (o.status()) {
      case DELIVERED -> 0;
      case FAILED -> 1;
      case RETRY -> 2;
    };
  }
}
