package io.sextant.alarm.compat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The posted alerts by fingerprint, as Alertmanager's alert store holds them, for
 * {@code GET /api/v2/alerts}; the alarms they raised live in the engine. A new post of a label set
 * replaces the kept one, keeping the earlier {@code startsAt} when the two overlap in time (a
 * Prometheus resend of the same firing alert). Resolved alerts are forgotten after
 * {@link #RETAIN_RESOLVED}; at most {@link #MAX_ALERTS} are kept (the oldest update goes first).
 * Thread-safe.
 */
public final class PostedAlerts {
  /** Alertmanager's default {@code resolve_timeout}: the end given to an alert posted without one. */
  public static final Duration RESOLVE_TIMEOUT = Duration.ofMinutes(5);
  public static final Duration RETAIN_RESOLVED = Duration.ofMinutes(30);
  public static final int MAX_ALERTS = 200_000;

  private final Clock clock;
  private final int maxAlerts;
  // Access order: the least recently updated first, so the cap drops the stalest.
  private final LinkedHashMap<String, PostedAlert> byFingerprint = new LinkedHashMap<>(16, 0.75f, true);
  private Instant lastPrune = Instant.MIN;

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
  public synchronized PostedAlert put(SortedMap<String, String> labels, SortedMap<String, String> annotations,
      Instant startsAt, Instant endsAt, String generatorURL, String alarmKey) {
    return keep(labels, annotations, startsAt, endsAt, generatorURL, Fingerprint.of(labels), alarmKey,
        clock.instant());
  }

  /** Keeps a POST's alerts under one hold of the lock (not one per alert). */
  public synchronized void putAll(List<? extends Post> posts) {
    Instant now = clock.instant();
    for (Post p : posts) {
      keep(p.labels(), p.annotations(), p.startsAt(), p.endsAt(), p.generatorURL(), p.fingerprint(), p.alarmKey(), now);
    }
  }

  private PostedAlert keep(SortedMap<String, String> labels, SortedMap<String, String> annotations,
      Instant startsAt, Instant endsAt, String generatorURL, String fp, String alarmKey, Instant now) {
    Instant start = startsAt != null ? startsAt : endsAt != null && endsAt.isBefore(now) ? endsAt : now;
    Instant end = endsAt != null ? endsAt : now.plus(RESOLVE_TIMEOUT);
    PostedAlert old = byFingerprint.get(fp);
    if (old != null && old.startsAt().isBefore(end) && start.isBefore(old.endsAt()) && old.startsAt().isBefore(start)) {
      start = old.startsAt();
    }
    // A resend from the intake shares the fingerprint, key and unmodifiable maps of its cached label
    // set: nothing is hashed, looked up or wrapped again, only the record is new.
    PostedAlert alert = new PostedAlert(fp, labels, annotations, start, end, now, generatorURL, alarmKey);
    byFingerprint.put(fp, alert);
    while (byFingerprint.size() > maxAlerts) {
      Iterator<String> it = byFingerprint.keySet().iterator();
      it.next();
      it.remove();
    }
    if (now.isAfter(lastPrune.plusSeconds(60))) {
      lastPrune = now;
      byFingerprint.values().removeIf(a -> a.endsAt().plus(RETAIN_RESOLVED).isBefore(now));
    }
    return alert;
  }

  /** Every kept alert, resolved ones included, in no particular order. */
  public synchronized List<PostedAlert> all() {
    return new ArrayList<>(byFingerprint.values());
  }

  public synchronized int size() {
    return byFingerprint.size();
  }

  /** For tests and the status page: the kept alerts by fingerprint. */
  synchronized Map<String, PostedAlert> snapshot() {
    return Map.copyOf(byFingerprint);
  }
}
