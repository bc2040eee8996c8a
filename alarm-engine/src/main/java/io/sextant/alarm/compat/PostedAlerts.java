package io.sextant.alarm.compat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The posted alerts by fingerprint, as Alertmanager's alert store holds them, for
 * {@code GET /api/v2/alerts}; the alarms they raised live in the engine. A new post of a label set
 * replaces the kept one, keeping the earlier {@code startsAt} when the two overlap in time (a
 * Prometheus resend of the same firing alert). Resolved alerts are forgotten after
 * {@link #RETAIN_RESOLVED}; at most {@link #MAX_ALERTS} are kept (the least recently updated go
 * first). Thread-safe without a lock: concurrent POSTs (each sender's) update their alerts side by
 * side, one label set at a time; under one lock for every POST they had queued on it.
 */
public final class PostedAlerts {
  /** Alertmanager's default {@code resolve_timeout}: the end given to an alert posted without one. */
  public static final Duration RESOLVE_TIMEOUT = Duration.ofMinutes(5);
  public static final Duration RETAIN_RESOLVED = Duration.ofMinutes(30);
  public static final int MAX_ALERTS = 200_000;

  private final Clock clock;
  private final int maxAlerts;
  private final ConcurrentHashMap<String, PostedAlert> byFingerprint = new ConcurrentHashMap<>();
  private final AtomicReference<Instant> lastPrune = new AtomicReference<>(Instant.MIN);

  public PostedAlerts(Clock clock) {
    this(clock, MAX_ALERTS);
  }

  PostedAlerts(Clock clock, int maxAlerts) {
    this.clock = clock;
    this.maxAlerts = maxAlerts;
  }

  /** One alert of a POST, as {@link #putAll} takes it. */
  public interface Post {
    SortedMap<String, String> labels();

    SortedMap<String, String> annotations();

    /** Null when not given. */
    Instant startsAt();

    /** Null when not given. */
    Instant endsAt();

    String generatorURL();

    /** {@link Fingerprint#of} the labels (the intake has it from its label-set cache). */
    default String fingerprint() {
      return Fingerprint.of(labels());
    }

    /** The key of the alarm the alert feeds. */
    String alarmKey();
  }

  /**
   * Keeps one posted alert.
   *
   * @param startsAt null when not given; endsAt likewise
   */
  public PostedAlert put(SortedMap<String, String> labels, SortedMap<String, String> annotations,
      Instant startsAt, Instant endsAt, String generatorURL, String alarmKey) {
    Instant now = clock.instant();
    PostedAlert kept = keep(labels, annotations, startsAt, endsAt, generatorURL, Fingerprint.of(labels), alarmKey,
        now);
    tidy(now);
    return kept;
  }

  /** Keeps a POST's alerts. */
  public void putAll(List<? extends Post> posts) {
    Instant now = clock.instant();
    for (Post p : posts) {
      keep(p.labels(), p.annotations(), p.startsAt(), p.endsAt(), p.generatorURL(), p.fingerprint(), p.alarmKey(), now);
    }
    tidy(now);
  }

  private PostedAlert keep(SortedMap<String, String> labels, SortedMap<String, String> annotations,
      Instant startsAt, Instant endsAt, String generatorURL, String fp, String alarmKey, Instant now) {
    Instant start = startsAt != null ? startsAt : endsAt != null && endsAt.isBefore(now) ? endsAt : now;
    Instant end = endsAt != null ? endsAt : now.plus(RESOLVE_TIMEOUT);
    // Atomic for one label set: two POSTs of the same alert at once keep one consistent startsAt
    // (a compare-and-set loop, so no capturing lambda an alert as compute() would need).
    // A resend from the intake shares the fingerprint, key and unmodifiable maps of its cached label
    // set: nothing is hashed, looked up or wrapped again, only the record is new.
    PostedAlert old = byFingerprint.get(fp);
    while (true) {
      Instant from = old != null && old.startsAt().isBefore(end) && start.isBefore(old.endsAt())
          && old.startsAt().isBefore(start) ? old.startsAt() : start;
      PostedAlert next = new PostedAlert(fp, labels, annotations, from, end, now, generatorURL, alarmKey);
      if (old == null) {
        old = byFingerprint.putIfAbsent(fp, next);
        if (old == null) {
          return next;
        }
      } else if (byFingerprint.replace(fp, old, next)) {
        return next;
      } else {
        old = byFingerprint.get(fp);
      }
    }
  }

  /**
   * Over the cap, the least recently updated go, with 1 % more room made so that a steady stream of
   * new label sets at the cap does not sort the table for every POST; once a minute, resolved
   * alerts older than {@link #RETAIN_RESOLVED} go.
   */
  private void tidy(Instant now) {
    int over = byFingerprint.size() - maxAlerts;
    if (over > 0) {
      synchronized (this) {
        over = byFingerprint.size() - maxAlerts;
        if (over > 0) {
          byFingerprint.values().stream().sorted(Comparator.comparing(PostedAlert::updatedAt))
              .limit(over + maxAlerts / 100).toList()
              .forEach(a -> byFingerprint.remove(a.fingerprint(), a));
        }
      }
    }
    Instant last = lastPrune.get();
    if (now.isAfter(last.plusSeconds(60)) && lastPrune.compareAndSet(last, now)) {
      byFingerprint.values().removeIf(a -> a.endsAt().plus(RETAIN_RESOLVED).isBefore(now));
    }
  }

  /** Every kept alert, resolved ones included, in no particular order. */
  public List<PostedAlert> all() {
    return new ArrayList<>(byFingerprint.values());
  }

  public int size() {
    return byFingerprint.size();
  }

  /** For tests and the status page: the kept alerts by fingerprint. */
  Map<String, PostedAlert> snapshot() {
    return Map.copyOf(byFingerprint);
  }
}
